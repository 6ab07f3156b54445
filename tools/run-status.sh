#!/bin/sh
# The end of the `make run` recipe: given the suite's exit status, build the report when the suite ran, and
# exit with the documented status (0 compliant, 1 a test of the framework failed, 3 not compliant, 4 usage
# error, 5 could not run).
# Usage: run-status.sh SUITE_STATUS REPORT_COMMAND [HTML_DIR] [STATUS_FILE]
# A run that could not start (4, 5) removes the previous HTML report instead of building one. The status is
# also written to STATUS_FILE: GNU make itself exits 2 whenever a recipe fails, whatever its status.
status=$1
report=$2
html=${3:-}
file=${4:-}
case $status in
  0|1|3)
    sh -c "$report"
    built=$?
    if [ "$status" -eq 0 ]; then
      case $built in
        0) ;;
        3) status=3 ;;  # the quality gate: a mandatory scenario failed
        *) status=5 ;;  # the report could not be built
      esac
    fi
    ;;
  *)
    if [ -n "$html" ]; then rm -rf "$html"; fi
    ;;
esac
if [ -n "$file" ]; then
  mkdir -p "$(dirname "$file")"
  echo "$status" > "$file"
fi
if [ "$status" -ne 0 ]; then
  echo "o2g-conformance: exit status $status" >&2
fi
exit "$status"
