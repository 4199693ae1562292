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
# the same items (and get the same end-to-end results). DynamoDB Local: SAASUSERS_DYNAMODB_URL if set, else the
# build program's with-dynamodb-local command runs this script again with it naming one container of the project's
# image on a random loopback port (engine and image as eng/test.sh gets them; the container, and an engine it
# started, are removed at the end).
# Results: artifacts/benchmarks/ (BenchmarkDotNet's reports under bdn/results, the paired tables as .md).
# Start-up (group 4) is benchmarks/run-startup.sh.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
what="${1:-all}"
if [ -z "${SAASUSERS_DYNAMODB_URL:-}" ] && [ "$what" != "in-memory" ]; then
  exec "$repo_root/eng/build.sh" with-dynamodb-local -- "$0" "$@"
fi
out="$repo_root/artifacts/benchmarks"
mkdir -p "$out"
log() { printf '[benchmarks] %s\n' "$*"; }

log "building (Release)"
dotnet build benchmarks/SaasUsers.Data.Benchmarks -c Release >"$out/build.log" 2>&1 || { tail -n 30 "$out/build.log"; exit 1; }
bench=(dotnet "$repo_root/benchmarks/SaasUsers.Data.Benchmarks/bin/Release/net10.0/SaasUsers.Data.Benchmarks.dll")
"${bench[@]}" check | tee "$out/check.txt"

if [ "$what" = "all" ] || [ "$what" = "in-memory" ]; then
  log "load before the in-memory groups: $(uptime)"
  "${bench[@]}" --filter '*MappingBenchmarks*' '*PageDecodeBenchmarks*' '*WholeReadBenchmarks*' --artifacts "$out/bdn" | tee "$out/bdn-in-memory.log"
  log "paired runner, in memory; load: $(uptime)"
  "${bench[@]}" ratios 200 | tee "$out/ratios-in-memory.md"
  log "whole reads over replayed responses (SDK included); load: $(uptime)"
  "${bench[@]}" ratios-whole 50 | tee "$out/ratios-whole-reads.md"
  log "load after the in-memory groups: $(uptime)"
fi

if [ "$what" = "all" ] || [ "$what" = "end-to-end" ]; then
  log "DynamoDB Local: $SAASUSERS_DYNAMODB_URL; load: $(uptime)"
  "${bench[@]}" --filter '*EndToEndBenchmarks*' --artifacts "$out/bdn" | tee "$out/bdn-end-to-end.log"
  log "paired runner, DynamoDB Local; load: $(uptime)"
  "${bench[@]}" ratios-e2e 150 | tee "$out/ratios-end-to-end.md"
  log "paired runner, in-memory client; load: $(uptime)"
  "${bench[@]}" ratios-e2e-in-memory 200 | tee "$out/ratios-end-to-end-in-memory.md"
  log "one 1,000-item BatchWriteAsync, chunks sent 1/2/4/8 at a time; load: $(uptime)"
  "${bench[@]}" batchwrite 1000 10 | tee "$out/batch-write.md"
  log "load after the end-to-end group: $(uptime)"
fi
