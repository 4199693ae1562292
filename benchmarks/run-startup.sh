#!/usr/bin/env bash
# Start-up to the first mapped item, measured as whole processes (issue 7, group 4):
#
#   benchmarks/run-startup.sh [runs]            (default 30 runs of each command, after 3 warm-up runs)
#
# 1. Publishes the consoles under benchmarks/Startup, each with the JIT (framework-dependent) and with Native AOT:
#    SaasUsers.Data and DynamoDBContext (Release, linux-x64, invariant globalization), so that start-up is compared
#    JIT against JIT and AOT against AOT. Our AOT publish is also the package's AOT check: warnings are errors, and
#    the number of warning lines in its output is printed (artifacts/startup/aot-publish.log); it must be 0. The
#    DynamoDBContext AOT publish's warning lines are printed too (artifacts/startup/context-aot-publish.log).
# 2. Makes DynamoDB Local available: SAASUSERS_DYNAMODB_URL if set, else the build program's with-dynamodb-local
#    command runs this script again with SAASUSERS_DYNAMODB_URL naming one container of the project's image on a
#    random loopback port (engine and image as eng/test.sh gets them; the container, and an engine it started, are
#    removed at the end).
# 3. Times each command with hyperfine (Debian package `hyperfine`; installed when missing, as root):
#    map: decode one stored user item; get: read it with one GetItem and decode it; none: the runtime alone.
#    Results: artifacts/startup/startup-*.md and .json.
#
# Needs clang, lld and zlib1g-dev for Native AOT (installed when missing, as root on Debian/Ubuntu).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
if [ -z "${SAASUSERS_DYNAMODB_URL:-}" ]; then
  exec "$repo_root/eng/build.sh" with-dynamodb-local -- "$0" "$@"
fi
runs="${1:-30}"
out="$repo_root/artifacts/startup"
mkdir -p "$out"

log() { printf '[startup] %s\n' "$*"; }

need_packages=()
command -v hyperfine >/dev/null 2>&1 || need_packages+=(hyperfine)
command -v clang >/dev/null 2>&1 || need_packages+=(clang)
command -v ld.lld >/dev/null 2>&1 || need_packages+=(lld)
[ -e /usr/include/zlib.h ] || need_packages+=(zlib1g-dev)
if [ "${#need_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    log "error: missing ${need_packages[*]}; install them (Debian/Ubuntu: apt-get install ${need_packages[*]})"
    exit 1
  fi
  log "installing ${need_packages[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >"$out/apt.log" 2>&1 || {
    apt-get update -qq >>"$out/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >>"$out/apt.log" 2>&1
  }
fi

# ---- 1. publish ------------------------------------------------------------------------------------------------
log "publishing (Release, linux-x64)"
dotnet publish benchmarks/Startup/Ours -c Release -r linux-x64 -p:PublishAot=false -o "$out/ours-jit" >"$out/ours-jit-publish.log" 2>&1
dotnet publish benchmarks/Startup/Context -c Release -r linux-x64 -o "$out/context-jit" >"$out/context-jit-publish.log" 2>&1
dotnet publish benchmarks/Startup/Context -c Release -r linux-x64 -p:ContextAot=true -o "$out/context-aot" >"$out/context-aot-publish.log" 2>&1
log "DynamoDBContext Native AOT publish: $(grep -Eci 'warning (IL|CS|NETSDK|SYSLIB)' "$out/context-aot-publish.log" || true) warning lines (artifacts/startup/context-aot-publish.log)"
set +e
dotnet publish benchmarks/Startup/Ours -c Release -r linux-x64 -p:TreatWarningsAsErrors=true -warnaserror -o "$out/ours-aot" >"$out/aot-publish.log" 2>&1
aot_status=$?
set -e
aot_warnings="$(grep -Eci 'warning (IL|CS|NETSDK|SYSLIB)' "$out/aot-publish.log" || true)"
aot_errors="$(grep -Eci ' error ' "$out/aot-publish.log" || true)"
log "Native AOT publish: exit $aot_status, $aot_warnings warning lines, $aot_errors error lines (artifacts/startup/aot-publish.log)"
if [ "$aot_status" != "0" ]; then
  tail -n 30 "$out/aot-publish.log"
  exit 1
fi
ls -l "$out/ours-aot/SaasUsers.Data.Startup.Ours" | awk '{ printf "[startup] AOT binary: %.1f MB\n", $5 / 1048576 }'

# ---- 2. DynamoDB Local -----------------------------------------------------------------------------------------
url="$SAASUSERS_DYNAMODB_URL"
log "DynamoDB Local: $url"
"$out/ours-jit/SaasUsers.Data.Startup.Ours" seed "$url"
# Let DynamoDB Local's JVM finish starting up and warm it with a few gets before anything is timed.
for _ in $(seq 1 20); do "$out/ours-aot/SaasUsers.Data.Startup.Ours" get "$url" >/dev/null; done
sleep 2

# ---- 3. measure ------------------------------------------------------------------------------------------------
log "load before measuring: $(uptime)"
ours_jit="$out/ours-jit/SaasUsers.Data.Startup.Ours"
ours_aot="$out/ours-aot/SaasUsers.Data.Startup.Ours"
context_jit="$out/context-jit/SaasUsers.Data.Startup.Context"
context_aot="$out/context-aot/SaasUsers.Data.Startup.Context"

hyperfine --style basic --warmup 3 --runs "$runs" --export-markdown "$out/startup-map.md" --export-json "$out/startup-map.json" \
  -n "runtime only (JIT)" "$ours_jit none" \
  -n "SaasUsers.Data map (JIT)" "$ours_jit map" \
  -n "SaasUsers.Data map after creating a client (JIT)" "$ours_jit map-client" \
  -n "DynamoDBContext map (JIT)" "$context_jit map" \
  -n "runtime only (Native AOT)" "$ours_aot none" \
  -n "SaasUsers.Data map (Native AOT)" "$ours_aot map" \
  -n "DynamoDBContext map (Native AOT)" "$context_aot map"

hyperfine --style basic --warmup 3 --runs "$runs" --export-markdown "$out/startup-get.md" --export-json "$out/startup-get.json" \
  -n "SaasUsers.Data get (JIT)" "$ours_jit get $url" \
  -n "low-level GetItem + generated mapper (JIT)" "$ours_jit get-lowlevel $url" \
  -n "DynamoDBContext get (JIT)" "$context_jit get $url" \
  -n "SaasUsers.Data get (Native AOT)" "$ours_aot get $url" \
  -n "DynamoDBContext get (Native AOT)" "$context_aot get $url"

# Interleaved: the same commands again, one run of each in turn (rotating the order), so that a load that comes
# and goes on a shared machine hits them alike; wall-clock time and the CPU time (user + system) of the process.
interleaved() {
  local table="$1" reference="$2"
  shift 2
  local names=() commands=() spec
  for spec in "$@"; do
    names+=("${spec%%|*}")
    commands+=("${spec#*|}")
  done
  local n="${#names[@]}" samples="$out/$table.tsv" r k i start end cpu
  : >"$samples"
  for ((k = 0; k < n; k++)); do
    for ((r = 0; r < 3; r++)); do ${commands[k]} >/dev/null; done
  done
  for ((r = 0; r < runs; r++)); do
    for ((k = 0; k < n; k++)); do
      i=$(((r + k) % n))
      start="${EPOCHREALTIME/,/.}"
      cpu="$(/usr/bin/time -f '%U %S' ${commands[i]} 2>&1 >/dev/null | tail -n 1)"
      end="${EPOCHREALTIME/,/.}"
      printf '%s\t%s\t%s\n' "$i" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 1000 }')" \
        "$(awk -v u="${cpu% *}" -v s="${cpu#* }" 'BEGIN { printf "%.0f", (u + s) * 1000 }')" >>"$samples"
    done
  done
  {
    printf '| command | median wall [ms] | mean wall [ms] | median CPU user+sys [ms] | wall vs %s | CPU vs %s |\n' "${names[reference]}" "${names[reference]}"
    printf '|---|---:|---:|---:|---:|---:|\n'
    local medians=() cpus=() means=()
    for ((k = 0; k < n; k++)); do
      medians[k]="$(awk -v k="$k" '$1 == k { print $2 }' "$samples" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
      means[k]="$(awk -v k="$k" '$1 == k { s += $2; c++ } END { printf "%.1f", s / c }' "$samples")"
      cpus[k]="$(awk -v k="$k" '$1 == k { print $3 }' "$samples" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
    done
    for ((k = 0; k < n; k++)); do
      awk -v name="${names[k]}" -v m="${medians[k]}" -v mean="${means[k]}" -v c="${cpus[k]}" -v rm="${medians[reference]}" -v rc="${cpus[reference]}" \
        'BEGIN { printf "| %s | %.1f | %s | %.0f | %.2f | %.2f |\n", name, m, mean, c, m / rm, (rc > 0 ? c / rc : 0) }'
    done
  } >"$out/$table.md"
}

log "interleaved runs; load: $(uptime)"
interleaved startup-map-interleaved 3 \
  "runtime only (JIT)|$ours_jit none" \
  "SaasUsers.Data map (JIT)|$ours_jit map" \
  "SaasUsers.Data map after creating a client (JIT)|$ours_jit map-client" \
  "DynamoDBContext map (JIT)|$context_jit map" \
  "runtime only (Native AOT)|$ours_aot none" \
  "SaasUsers.Data map (Native AOT)|$ours_aot map" \
  "DynamoDBContext map (Native AOT)|$context_aot map"
interleaved startup-get-interleaved 2 \
  "SaasUsers.Data get (JIT)|$ours_jit get $url" \
  "low-level GetItem + generated mapper (JIT)|$ours_jit get-lowlevel $url" \
  "DynamoDBContext get (JIT)|$context_jit get $url" \
  "SaasUsers.Data get (Native AOT)|$ours_aot get $url" \
  "DynamoDBContext get (Native AOT)|$context_aot get $url"

log "load after measuring: $(uptime)"
for table in startup-map startup-get startup-map-interleaved startup-get-interleaved; do
  printf '\n%s\n\n' "$table"
  cat "$out/$table.md"
done
