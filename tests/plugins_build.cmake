# Installs chibo into a prefix, then builds the example plugins and the test plugins out of tree
# against it, as a province's developer would (docs/plugins.md). The plugin tests load them.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY} --prefix ${WORK}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()
foreach(project examples/plugins/bac_giang examples/plugins/ehandbook tests/plugins)
  get_filename_component(name ${project} NAME)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE}/${project} -B ${WORK}/build/${name} -G ${GENERATOR}
                          -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${WORK}/prefix
                          -DCMAKE_LIBRARY_OUTPUT_DIRECTORY=${WORK}/lib
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring ${project} failed: ${out} ${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build/${name}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building ${project} failed: ${out} ${err}")
  endif()
endforeach()
message(STATUS "plugins built in ${WORK}/lib")
