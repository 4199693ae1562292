#!/usr/bin/env bash
# A/B of two builds of the benchmarks: one process a run, alternating sides in the given order (ABBA...), so that a
# load that drifts during the runs hits both alike. Each process pairs hand-written vs SaasUsers.Data itself.
#   run-ab.sh CMD ROUNDS "base head head base"
set -u
cmd="$1"; rounds="$2"; order="$3"; out=/tmp/perf-ab/results; mkdir -p "$out"
i=0
for side in $order; do
  i=$((i+1))
  dll=/tmp/perf-ab/$side/benchmarks/SaasUsers.Data.Benchmarks/bin/Release/net10.0/SaasUsers.Data.Benchmarks.dll
  { echo "== $side $cmd $rounds run $i $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)";
    (cd /tmp/perf-ab/$side && nice -n 10 dotnet "$dll" $cmd $rounds) 2>&1;
    echo "== end $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"; } > "$out/$cmd-$i-$side.txt"
done
