# The Python module as a user gets it: `pip install ./python` (nothing downloaded), then its
# tests against the built shared library.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${PYTHON} -m pip install --quiet --no-index --disable-pip-version-check
                        --target ${WORK}/site ${SOURCE}/python
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pip install ./python failed: ${out} ${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${WORK}/site PYTHONDONTWRITEBYTECODE=1
                        ${PYTHON} -m unittest discover -v -s ${SOURCE}/python/tests
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the Python module's tests failed")
endif()
