#!/usr/bin/env bash
# The BenchmarkDotNet groups of issue 7 and their paired (interleaved) companions:
#
#   benchmarks/run-benchmarks.sh [all|in-memory|end-to-end]      (default: all)
#
#   in-memory   group 1 (entity <-> item) and group 2 (query page decoding): BenchmarkDotNet, then the paired runner
#   end-to-end  group 3 against DynamoDB Local: BenchmarkDotNet, the paired runner, and the same calls over an
#               in-memory client (the library's own time per call)
#
# Before measuring, the console checks that hand-written code, SaasUsers.Data and DynamoDBContext write and read
# the same items (and get the same end-to-end results). DynamoDB Local: SAASUSERS_DYNAMODB_URL if set, else one
# container of the project's image on a random loopback port for the whole run (engine and image as eng/test.sh
# gets them; the container, and an engine this script started, are removed at exit).
# Results: artifacts/benchmarks/ (BenchmarkDotNet's reports under bdn/results, the paired tables as .md).
# Start-up (group 4) is benchmarks/run-startup.sh.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
what="${1:-all}"
out="$repo_root/artifacts/benchmarks"
mkdir -p "$out"
log() { printf '[benchmarks] %s\n' "$*"; }

log "building (Release)"
dotnet build benchmarks/SaasUsers.Data.Benchmarks -c Release >"$out/build.log" 2>&1 || { tail -n 30 "$out/build.log"; exit 1; }
bench=(dotnet "$repo_root/benchmarks/SaasUsers.Data.Benchmarks/bin/Release/net10.0/SaasUsers.Data.Benchmarks.dll")
"${bench[@]}" check | tee "$out/check.txt"

if [ "$what" = "all" ] || [ "$what" = "in-memory" ]; then
  log "load before the in-memory groups: $(uptime)"
  "${bench[@]}" --filter '*MappingBenchmarks*' '*PageDecodeBenchmarks*' --artifacts "$out/bdn" | tee "$out/bdn-in-memory.log"
  log "paired runner, in memory; load: $(uptime)"
  "${bench[@]}" ratios 200 | tee "$out/ratios-in-memory.md"
  log "load after the in-memory groups: $(uptime)"
fi

if [ "$what" = "all" ] || [ "$what" = "end-to-end" ]; then
  container=""
  cleanup() {
    if [ -n "$container" ]; then
      docker rm -f "$container" >/dev/null 2>&1 || true
    fi
    if declare -F ddbl_cleanup >/dev/null; then
      ddbl_cleanup
    fi
  }
  trap cleanup EXIT
  if [ -z "${SAASUSERS_DYNAMODB_URL:-}" ]; then
    # shellcheck source=eng/lib/dynamodb-local.sh
    source "$repo_root/eng/lib/dynamodb-local.sh"
    ddbl_prepare
    trap cleanup EXIT # ddbl_prepare installs its own; ours calls it
    container="saasusers-bench-$$"
    docker run -d --rm --name "$container" -p 127.0.0.1::8000 "$DDBL_IMAGE" >/dev/null
    port="$(docker port "$container" 8000/tcp | head -n 1 | sed 's/.*://')"
    export SAASUSERS_DYNAMODB_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 60); do
      curl -s -o /dev/null "$SAASUSERS_DYNAMODB_URL" && break
      sleep 0.5
    done
  fi
  log "DynamoDB Local: $SAASUSERS_DYNAMODB_URL; load: $(uptime)"
  "${bench[@]}" --filter '*EndToEndBenchmarks*' --artifacts "$out/bdn" | tee "$out/bdn-end-to-end.log"
  log "paired runner, DynamoDB Local; load: $(uptime)"
  "${bench[@]}" ratios-e2e 150 | tee "$out/ratios-end-to-end.md"
  log "paired runner, in-memory client; load: $(uptime)"
  "${bench[@]}" ratios-e2e-in-memory 200 | tee "$out/ratios-end-to-end-in-memory.md"
  log "load after the end-to-end group: $(uptime)"
fi
