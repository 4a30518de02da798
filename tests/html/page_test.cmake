# The HTML pages in a real browser: chibo writes the page (with the supervision plan and the
# trend), a folder of pages and the JSON report of one scoring, and tests/html/check_page.py
# reads them through headless Chromium (docs/report.md).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
foreach(lang vi en)
  execute_process(COMMAND ${CHIBO} score ${DATA}/sample-2025/dataset --year 2025 --quiet --lang ${lang}
                          --html ${WORK}/report-${lang}.html --json ${WORK}/report-${lang}.json
                          --html-dir ${WORK}/pages-${lang} --page-budget 64K --with-plan --with-trend quarter
                  RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "chibo score --html: exit ${code}")
  endif()
  foreach(page report-${lang}.html pages-${lang}/index.html)
    execute_process(COMMAND ${PYTHON} ${SCRIPT} ${CHROMIUM} ${WORK}/${page} ${WORK}/report-${lang}.json
                            ${WORK}/screenshots-${lang}
                    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
    if(NOT code EQUAL 0)
      message(FATAL_ERROR "${page} in Chromium:\n${out}\n${err}")
    endif()
  endforeach()
endforeach()
