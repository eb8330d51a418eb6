# The csv_spectrum fixture: installs the csv-spectrum test data (npm package, version and
# integrity pinned by package-lock.json here) into DEST with `npm ci`. It is data for the CSV
# reader's tests, not code of ours, and is never committed. Fails, rather than letting the tests
# skip, when npm or the registry cannot be reached.
#   cmake -DSOURCE=<tests/csv> -DDEST=<build dir> -P fetch_spectrum.cmake
find_program(NPM npm)
if(NOT NPM)
  message(FATAL_ERROR "npm is not installed: it fetches the csv-spectrum test data "
                      "(scripts/lib/common.sh installs it)")
endif()
file(MAKE_DIRECTORY ${DEST})
foreach(f package.json package-lock.json)
  configure_file(${SOURCE}/${f} ${DEST}/${f} COPYONLY)
endforeach()
# --prefer-offline: a tarball already in npm's cache (checked against the lock's integrity) is
# used without asking the registry again.
execute_process(
  COMMAND ${NPM} ci --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error
  WORKING_DIRECTORY ${DEST}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT EXISTS ${DEST}/node_modules/csv-spectrum/csvs/simple.csv)
  message(FATAL_ERROR "npm ci could not fetch csv-spectrum into ${DEST} (exit ${rc})")
endif()
