# The DuckDB baseline (benchmarks/duckdb) must score every cell as chibo does: each rule and
# measure score and the total within 1e-6, the same N/A, the same rating. Checked on a generated
# `district` dataset and on the hand-made sample dataset with its awkward cases.
# Inputs: CHIBO (the CLI), NODE, BASELINE (benchmarks/duckdb), DATA (tests/data), WORK.
if(NOT EXISTS "${BASELINE}/node_modules/@duckdb/node-api")
  message("SKIPPED: the baseline's npm packages are not installed (cd benchmarks/duckdb && npm ci)")
  return()
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message("${out}")
endfunction()

function(check name dataset)
  run("${CHIBO}" score "${dataset}" --year 2025 --csv "${WORK}/${name}-chibo" --quiet)
  run("${NODE}" "${BASELINE}/score.mjs" "${dataset}" --year 2025 --out "${WORK}/${name}-duckdb.csv")
  run("${NODE}" "${BASELINE}/compare.mjs" "${WORK}/${name}-chibo/units.csv" "${WORK}/${name}-duckdb.csv"
      --tolerance 1e-6)
endfunction()

# Two districts: seed 5 has Kém cells, seed 6 Tốt ones (gates matter only there).
foreach(seed 5 6)
  run("${CHIBO}" generate --preset district --year 2025 --seed ${seed} --out "${WORK}/district-${seed}")
  check(district-${seed} "${WORK}/district-${seed}")
endforeach()
check(sample "${DATA}/sample-2025/dataset")
# A year across the 2025 reform: cells move on 1 July (org_history.csv), and M5.4 reads who was
# above each cell on each briefing's date.
run("${CHIBO}" generate --preset bac-giang --year 2025 --seed 7 --scale 0.2 --out "${WORK}/crossing")
check(crossing "${WORK}/crossing")
