# Installs chibo into a prefix and builds a small consumer with find_package(chibo CONFIG).
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY} --prefix ${WORK}/prefix RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()
file(MAKE_DIRECTORY ${WORK}/src)
file(WRITE ${WORK}/src/CMakeLists.txt "cmake_minimum_required(VERSION 3.25)
project(consumer CXX)
find_package(chibo CONFIG REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE chibo::chibo)
")
file(WRITE ${WORK}/src/main.cpp "#include <chibo/chibo.hpp>
#include <iostream>
int main() {
  chibo::GenerateOptions o;
  const chibo::Dataset ds = chibo::generate(o);
  const chibo::Policy p = chibo::Policy::builtin();
  const chibo::Report r = chibo::score(ds, chibo::Period::year(2025), p);
  std::cout << r.units.size() << '\\n';
  return r.units.empty() ? 1 : 0;
}
")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK}/src -B ${WORK}/build -G ${GENERATOR}
                        -DCMAKE_PREFIX_PATH=${WORK}/prefix RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed: ${out} ${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build failed: ${out} ${err}")
endif()
execute_process(COMMAND ${WORK}/build/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer failed")
endif()
if(NOT EXISTS ${WORK}/prefix/lib/pkgconfig/chibo.pc AND NOT EXISTS ${WORK}/prefix/lib/x86_64-linux-gnu/pkgconfig/chibo.pc)
  message(FATAL_ERROR "no pkg-config file installed")
endif()
