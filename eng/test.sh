#!/usr/bin/env bash
# The test command (README, .ci/run): DynamoDB Local ready, then every test in the solution.
#
#   ./eng/test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Harness"]
#
# 1. Unless SAASUSERS_DYNAMODB_URL names a running DynamoDB Local: make a Docker engine answer (installing and
#    starting one when needed, stopped again at the end) and the DynamoDB Local image exist (eng/lib/dynamodb-local.sh).
# 2. dotnet test SaasUsers.Data.sln -c Release with a TRX logger into a fresh artifacts/test-results/.
#    Then, unless arguments were given, the package smoke test (eng/package-smoke-test.sh) into the same directory,
#    and the Native AOT check (eng/aot-check.sh), which counts as one test in the last line.
# 3. The DynamoDB actions the package sent during the run (written by the test assembly to
#    artifacts/test-results/dynamodb-operations.txt) are checked against docs/iam-policy.json; that check counts as
#    one test in the last line.
# 4. Last line, counted from the TRX files' <Counters> plus the AOT and policy checks: "N passed, N failed" (", N skipped" when any were).
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
# The test assembly writes every DynamoDB action the package sent here when the run ends (see check_iam_policy).
operations_file="$results_dir/dynamodb-operations.txt"
export SAASUSERS_DYNAMODB_OPERATIONS_FILE="$operations_file"
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

# --- Native AOT check (eng/aot-check.sh) -----------------------------------------------------------------------
# A small application of the package published with Native AOT (warnings are errors) and run against DynamoDB Local.
# Counted as one test below; a filtered run leaves it out.
aot_result=""
if [ "$#" -eq 0 ]; then
  if "$repo_root/eng/aot-check.sh"; then
    aot_result="passed"
  else
    aot_result="failed"
  fi
else
  printf '[aot] skipped: arguments were given to eng/test.sh; the full run (no arguments) includes it\n'
fi

# Checks each "<group> <IAM action> <API> <caller> <count>" line the test assembly wrote against the statements of
# docs/iam-policy.json whose Sid starts with that group (Runtime..., Provisioning...). Prints one line; fails when
# an action is missing from the policy, or when tests ran but the file was not written.
check_iam_policy() {
  local operations="$1" policy="$repo_root/docs/iam-policy.json" allowed missing=0 checked=0
  local group action api caller count
  if [ ! -f "$operations" ]; then
    printf '[iam-policy] error: %s\n' "$operations was not written, so the DynamoDB actions of the run cannot be checked against docs/iam-policy.json"
    return 1
  fi
  # "<group> <action>" for every action of every statement, from the policy's one-value-a-line JSON layout.
  allowed="$(awk '
    /"Sid"[[:space:]]*:/ {
      sid = $0
      sub(/.*"Sid"[[:space:]]*:[[:space:]]*"/, "", sid)
      sub(/".*/, "", sid)
      group = (sid ~ /^Runtime/) ? "runtime" : (sid ~ /^Provisioning/) ? "provisioning" : ""
    }
    {
      line = $0
      while (match(line, /"dynamodb:[A-Za-z]+"/)) {
        if (group != "") print group, substr(line, RSTART + 1, RLENGTH - 2)
        line = substr(line, RSTART + RLENGTH)
      }
    }' "$policy" | sort -u)"
  if [ -z "$allowed" ]; then
    printf '[iam-policy] error: %s\n' "no actions found in $policy"
    return 1
  fi
  while read -r group action api caller count; do
    case "$group" in '' | '#'*) continue ;; esac
    checked=$((checked + 1))
    if ! grep -qxF "$group $action" <<<"$allowed"; then
      printf '[iam-policy] error: %s\n' "the package sent $api ($count requests, from $caller), which needs $action, but docs/iam-policy.json does not allow it in a ${group} statement"
      missing=$((missing + 1))
    fi
  done <"$operations"
  if [ "$missing" -gt 0 ]; then
    return 1
  fi
  printf '[iam-policy] %s\n' "all $checked (group, action, API, operation) combinations the package sent are allowed by docs/iam-policy.json"
}

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

case "$aot_result" in
  passed) passed=$((passed + 1)) ;;
  failed) failed=$((failed + 1)) ;;
esac

# The IAM policy check counts as one test, whenever tests ran.
if [ "$passed" -gt 0 ] || [ "$failed" -gt 0 ]; then
  if check_iam_policy "$operations_file"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
fi

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
