# Warnings and sanitizers, applied per target so that a parent project's flags stay its own.
function(chibo_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(CHIBO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(CHIBO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CHIBO_FUZZ)
  # Coverage for libFuzzer in every object; the targets link the fuzzer's main (tests/fuzz).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
