#!/usr/bin/env bash
# The Native AOT check: publish tests/SaasUsers.Data.AotTests with Native AOT (warnings are errors), then run the
# native binary against DynamoDB Local. Passes only when the publish has no warning and every check of the run holds.
#
#   ./eng/aot-check.sh
#
# Needs clang, lld and zlib1g-dev (installed when missing, as root on Debian/Ubuntu) and a Docker engine with the
# DynamoDB Local image (eng/lib/dynamodb-local.sh), unless SAASUSERS_DYNAMODB_URL names a running DynamoDB Local.
# eng/test.sh runs it on full runs and counts it as one test.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# shellcheck source=eng/lib/dynamodb-local.sh
source "$repo_root/eng/lib/dynamodb-local.sh"

out="$repo_root/artifacts/aot"
logs="${SAASUSERS_LOG_DIR:-$repo_root/artifacts/logs}"
mkdir -p "$out" "$logs"
log() { printf '[aot] %s\n' "$*"; }
container=""
cleanup() {
  if [ -n "$container" ]; then
    docker rm -f "$container" >/dev/null 2>&1 || true
  fi
  ddbl_cleanup
}
fail() { printf '[aot] error: %s\n' "$*"; cleanup; exit 1; }
t_start="$(_ddbl_clock)"

# 1. The native toolchain.
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v ld.lld >/dev/null 2>&1 || missing+=(lld)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "Native AOT needs ${missing[*]}; install them (Debian/Ubuntu: apt-get install ${missing[*]})"
  fi
  log "toolchain: installing ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$logs/aot-apt.log" 2>&1; then
    apt-get update -qq >>"$logs/aot-apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$logs/aot-apt.log" 2>&1 ||
      fail "could not install ${missing[*]} (see $logs/aot-apt.log)"
  fi
fi

# 2. Publish with Native AOT; any warning (trim, AOT, compiler) fails it.
log "publish: Native AOT, linux-x64, warnings as errors"
if ! dotnet publish tests/SaasUsers.Data.AotTests -c Release -r linux-x64 -warnaserror -o "$out" >"$logs/aot-publish.log" 2>&1; then
  grep -E 'error|warning' "$logs/aot-publish.log" | sort -u | head -n 20
  fail "the Native AOT publish failed (see $logs/aot-publish.log)"
fi
warnings="$(grep -Eci 'warning [A-Z]+[0-9]+' "$logs/aot-publish.log" || true)"
if [ "$warnings" != "0" ]; then
  fail "the Native AOT publish reported $warnings warnings (see $logs/aot-publish.log)"
fi
log "publish: no warnings; binary $(du -h "$out/SaasUsers.Data.AotTests" | cut -f1) ($(_ddbl_since "$t_start"))"

# 3. DynamoDB Local on a loopback port, then the native run.
url="${SAASUSERS_DYNAMODB_URL:-}"
if [ -z "$url" ]; then
  ddbl_prepare || fail "DynamoDB Local is not available"
  container="saasusers-aot-$$"
  docker run -d --rm --name "$container" -p 127.0.0.1::8000 "$DDBL_IMAGE" >/dev/null || fail "could not start the DynamoDB Local image"
  port="$(docker port "$container" 8000/tcp | head -n 1 | sed 's/.*://')"
  url="http://127.0.0.1:$port"
  # Docker's proxy accepts connections before Java listens: wait for an HTTP answer.
  ready=0
  for _ in $(seq 1 150); do
    if answer="$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET / HTTP/1.0\r\n\r\n' >&3 && timeout 2 head -c 5 <&3)" 2>/dev/null &&
      [ "$answer" = "HTTP/" ]; then
      ready=1
      break
    fi
    sleep 0.2
  done
  [ "$ready" = 1 ] || fail "DynamoDB Local did not answer on $url"
fi
log "run: $out/SaasUsers.Data.AotTests against $url"
if ! SaasUsers__ServiceUrl="$url" "$out/SaasUsers.Data.AotTests"; then
  fail "the Native AOT application failed a check"
fi
log "passed ($(_ddbl_since "$t_start"))"
cleanup
