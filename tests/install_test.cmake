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

# An application in plain C built against the installed shared library with only chibo.h and
# pkg-config (found from the prefix it was installed into), run on a dataset.
find_program(PKG_CONFIG pkg-config REQUIRED)
find_program(CC NAMES cc gcc REQUIRED)
file(GLOB_RECURSE pc_file ${WORK}/prefix/*/chibo.pc)
get_filename_component(pc_dir "${pc_file}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs chibo OUTPUT_VARIABLE flags RESULT_VARIABLE rc
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config chibo failed")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
string(REGEX MATCH "-L([^ ;]+)" _ "${flags}")
set(libdir "${CMAKE_MATCH_1}")
if(NOT EXISTS "${libdir}/libchibo.so")
  message(FATAL_ERROR "pkg-config's libdir ${libdir} holds no libchibo.so")
endif()
file(WRITE ${WORK}/c/app.c "#include <chibo/chibo.h>
#include <stdio.h>
int main(int argc, char** argv) {
  chibo_dataset* ds = NULL;
  chibo_policy* policy = NULL;
  chibo_report* report = NULL;
  if (argc < 2) return 2;
  if (chibo_dataset_load(argv[1], NULL, &ds) != CHIBO_OK) { fprintf(stderr, \"%s\\\\n\", chibo_last_error()); return 1; }
  if (chibo_policy_load(\"default\", NULL, 0, &policy) != CHIBO_OK) return 1;
  if (chibo_score_year(ds, policy, 2025, &report) != CHIBO_OK) return 1;
  printf(\"units %lu api %u.%u\\\\n\", (unsigned long)chibo_report_unit_count(report),
         (unsigned)(chibo_api_version() >> 16), (unsigned)(chibo_api_version() & 0xFFFF));
  chibo_report_release(report);
  chibo_policy_release(policy);
  chibo_dataset_release(ds);
  return 0;
}
")
execute_process(COMMAND ${CC} -std=c99 -Wall -Wextra -Wpedantic -Werror ${WORK}/c/app.c ${flags}
                        -Wl,-rpath,${libdir} -o ${WORK}/c/app RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building a C application against the installed library failed: ${err}")
endif()
execute_process(COMMAND ${WORK}/c/app ${SOURCE}/tests/data/sample-2025/dataset RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^units [1-9][0-9]* api 1\\.1([^0-9]|$)")
  message(FATAL_ERROR "the C application failed (${rc}): ${out} ${err}")
endif()
execute_process(COMMAND readelf -d ${libdir}/libchibo.so OUTPUT_VARIABLE dynamic)
if(NOT dynamic MATCHES "SONAME.*libchibo\\.so\\.1")
  message(FATAL_ERROR "libchibo.so has no SONAME libchibo.so.1")
endif()
