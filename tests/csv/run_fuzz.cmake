# The csv_reader_fuzz test: a short, reproducible libFuzzer run (fixed seed, bounded runs) from
# the seed corpus, starting each time from an empty scratch directory (where libFuzzer writes
# what it finds), so every run is the same run.
#   cmake -DFUZZER=<binary> -DSCRATCH=<dir> -DRUNS=<n> -DSEEDS=<dir> -DMORE_SEEDS=<dir> -P run_fuzz.cmake
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH})
execute_process(
  COMMAND ${FUZZER} -runs=${RUNS} -seed=1 -max_len=4096 -timeout=10 -rss_limit_mb=1024
          -print_final_stats=1 ${SCRATCH} ${SEEDS} ${MORE_SEEDS}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fuzz target failed (exit ${rc}): the crashing input is in the "
                      "working directory (crash-*); reproduce with `${FUZZER} crash-...`")
endif()
