#!/usr/bin/env bash
# The test command (README, .ci/run): DynamoDB Local ready, then every test in the solution.
#
#   ./eng/test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Harness"]
#
# 1. Unless SAASUSERS_DYNAMODB_URL names a running DynamoDB Local: make a Docker engine answer (installing and
#    starting one when needed, stopped again at the end) and the DynamoDB Local image exist (eng/lib/dynamodb-local.sh).
# 2. dotnet test SaasUsers.Data.sln -c Release with a TRX logger into a fresh artifacts/test-results/.
#    Then, unless arguments were given, the package smoke test (eng/package-smoke-test.sh) into the same directory.
# 3. Last line, counted from the TRX files' <Counters>: "N passed, N failed" (", N skipped" when any were).
#
# Exit code: 0 only when dotnet test succeeded, at least one test ran and none failed.
# SAASUSERS_CONFIGURATION=Debug builds Debug instead of Release.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# shellcheck source=eng/lib/dynamodb-local.sh
source "$repo_root/eng/lib/dynamodb-local.sh"

configuration="${SAASUSERS_CONFIGURATION:-Release}"
results_dir="$repo_root/artifacts/test-results"
t_start="$(_ddbl_clock)"

# The counts line, always the last line this script prints.
finish() {
  local status="$1" passed="$2" failed="$3" skipped="$4"
  ddbl_cleanup
  if [ "$skipped" -gt 0 ]; then
    printf '%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
  else
    printf '%s passed, %s failed\n' "$passed" "$failed"
  fi
  exit "$status"
}

if [ -n "${SAASUSERS_DYNAMODB_URL:-}" ]; then
  ddbl_log "endpoint: SAASUSERS_DYNAMODB_URL=$SAASUSERS_DYNAMODB_URL; no Docker needed, none started"
else
  if ! ddbl_prepare; then
    ddbl_error "DynamoDB Local is not available, so the integration tests cannot run; no tests were run"
    finish 1 0 0 0
  fi
fi

rm -rf "$results_dir"
mkdir -p "$results_dir"
t_test="$(_ddbl_clock)"
set +e
# LogFilePrefix gives every test project (and target framework) its own TRX file.
dotnet test "$repo_root/SaasUsers.Data.sln" \
  --configuration "$configuration" \
  --logger "trx;LogFilePrefix=tests" \
  --results-directory "$results_dir" \
  "$@"
test_status=$?
set -e
ddbl_log "tests: dotnet test exited with $test_status ($(_ddbl_since "$t_test"); whole run $(_ddbl_since "$t_start"))"

# --- package smoke test (eng/package-smoke-test.sh) ----------------------------------------------------------
# The packed packages in a consumer project outside the solution; its TRX lands in the same results directory and
# is counted below. A filtered run (any arguments) leaves it out. If it fails before writing a TRX file (pack,
# restore or build), that counts as one failed test.
smoke_status=0
smoke_unreported=0
if [ "$#" -eq 0 ]; then
  set +e
  "$repo_root/eng/package-smoke-test.sh" --results-directory "$results_dir"
  smoke_status=$?
  set -e
  if [ -z "$(find "$results_dir" -name 'package-smoke*.trx' -print -quit)" ]; then
    smoke_unreported=1
    ddbl_error "the package smoke test reported no results (exit $smoke_status); counted as 1 failed"
  fi
else
  printf '[package-smoke] skipped: arguments were given to eng/test.sh; the full run (no arguments) includes it\n'
fi

# Sum <Counters .../> over every TRX file. Failed counts failed, error, timeout and aborted outcomes;
# skipped counts tests that were found but not executed (xunit's Skip, or a run cut short).
read -r passed failed skipped total < <(
  find "$results_dir" -name '*.trx' -print0 | xargs -0 -r cat | tr '\n' ' ' | grep -o '<Counters [^>]*>' |
    awk '
      function attr(name,   m) {
        if (match($0, name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 }
        return 0
      }
      {
        passed += attr("passed")
        failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
        total += attr("total")
        executed += attr("executed")
      }
      END {
        skipped = total - executed
        if (skipped < 0) skipped = 0
        printf "%d %d %d %d\n", passed, failed, skipped, total
      }'
)
trx_files="$(find "$results_dir" -name '*.trx' | wc -l)"
failed=$((failed + smoke_unreported))

status=0
if [ "$test_status" -ne 0 ]; then
  status=1
fi
if [ "$failed" -gt 0 ] || [ "$smoke_status" -ne 0 ]; then
  status=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  ddbl_error "no test ran (TRX files: $trx_files)"
  status=1
fi
finish "$status" "$passed" "$failed" "$skipped"
