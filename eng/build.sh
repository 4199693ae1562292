#!/usr/bin/env bash
# Builds the build program (eng/SaasUsers.Data.Build; docs/testing.md) when its sources changed, and runs it:
#   eng/build.sh <test|sample|package-smoke|aot|chromium|with-dynamodb-local|help> [arguments]
# It is built into artifacts/build-program, its own folder, so the solution build of the tests never rewrites the
# files of the running program. Up to date (no source newer than its dll), it starts at once: no MSBuild run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/build-program"
dll="$out/SaasUsers.Data.Build.dll"
log="$root/artifacts/logs/build-program.log"
changed="$(find "$root/eng/SaasUsers.Data.Build" "$root"/Directory.*.props "$root/global.json" \
  \( -name bin -o -name obj \) -prune -o -type f -newer "$dll" -print -quit 2>/dev/null || echo missing)"
if [ ! -f "$dll" ] || [ -n "$changed" ]; then
  mkdir -p "$(dirname "$log")"
  if ! dotnet build "$root/eng/SaasUsers.Data.Build" -c Release -o "$out" -nologo -v q >"$log" 2>&1; then
    printf '%s [build-program] error: could not build eng/SaasUsers.Data.Build (log: %s)\n' "$(date +%T)" "$log"
    tail -n 20 "$log" | sed 's/^/    | /'
    if [ "${1:-}" = "test" ]; then printf '0 passed, 0 failed\n'; fi
    exit 1
  fi
  touch "$dll" # an up-to-date build leaves the old time stamp; this marks the sources as checked
fi
exec dotnet "$dll" "$@"
