#!/usr/bin/env bash
# The package smoke test: the packages as a user gets them, against DynamoDB Local.
#
#   ./eng/package-smoke-test.sh [--results-directory DIR]
#
# 1. dotnet pack SaasUsers.Data and SaasUsers.Data.Testing (Release) into a fresh artifacts/feed/.
# 2. Restore tests/SaasUsers.Data.PackageSmokeTests, a consumer outside the solution that references both packages
#    by version from that feed (its nuget.config maps them to it, everything else to the machine's "nuget.org" key),
#    into its own empty package folder (artifacts/smoke/packages), so the packages just packed are the ones used.
# 3. Check that the consumer resolved them as packages from the feed, then dotnet test it with a TRX logger
#    (eng/test.sh passes its results directory and counts these results with the others).
#
# DynamoDB Local is made available exactly as for eng/test.sh (an engine that already answers is used as it is).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# shellcheck source=eng/lib/dynamodb-local.sh
source "$repo_root/eng/lib/dynamodb-local.sh"

results_dir="$repo_root/artifacts/test-results"
if [ "${1:-}" = "--results-directory" ] && [ -n "${2:-}" ]; then
  results_dir="$2"
fi

log() { printf '[package-smoke] %s\n' "$*"; }
fail() { printf '[package-smoke] error: %s\n' "$*"; ddbl_cleanup; exit 1; }

feed="$repo_root/artifacts/feed"
packages="$repo_root/artifacts/smoke/packages"
consumer="$repo_root/tests/SaasUsers.Data.PackageSmokeTests/SaasUsers.Data.PackageSmokeTests.csproj"
logs="${SAASUSERS_LOG_DIR:-$repo_root/artifacts/logs}"
mkdir -p "$logs" "$results_dir"
t_start="$(_ddbl_clock)"

if [ -n "${SAASUSERS_DYNAMODB_URL:-}" ]; then
  ddbl_log "endpoint: SAASUSERS_DYNAMODB_URL=$SAASUSERS_DYNAMODB_URL; no Docker needed, none started"
elif ! ddbl_prepare; then
  fail "DynamoDB Local is not available, so the package smoke test cannot run"
fi

# 1. Pack.
t="$(_ddbl_clock)"
rm -rf "$feed"
for project in src/SaasUsers.Data src/SaasUsers.Data.Testing; do
  if ! dotnet pack "$project" -c Release -o "$feed" >"$logs/pack-$(basename "$project").log" 2>&1; then
    tail -n 20 "$logs/pack-$(basename "$project").log"
    fail "dotnet pack $project failed (log: $logs/pack-$(basename "$project").log)"
  fi
done
package="$(find "$feed" -maxdepth 1 -name 'SaasUsers.Data.[0-9]*.nupkg' | head -n 1)"
[ -n "$package" ] || fail "no SaasUsers.Data package in $feed"
version="$(basename "$package" .nupkg)"
version="${version#SaasUsers.Data.}"
log "pack: $(cd "$feed" && ls -- *.nupkg *.snupkg | tr '\n' ' ')($(_ddbl_since "$t"))"

# 2. Restore from the feed into an empty package folder.
t="$(_ddbl_clock)"
rm -rf "$packages"
if ! dotnet restore "$consumer" --force -p:SaasUsersPackageVersion="$version" >"$logs/smoke-restore.log" 2>&1; then
  tail -n 20 "$logs/smoke-restore.log"
  fail "restoring the consumer from $feed failed (log: $logs/smoke-restore.log)"
fi

# 3. The consumer must have resolved both as packages of this version, extracted from the feed.
assets="$(dirname "$consumer")/obj/project.assets.json"
for id in SaasUsers.Data SaasUsers.Data.Testing; do
  lower="$(printf '%s' "$id" | tr '[:upper:]' '[:lower:]')"
  grep -q "\"$id/$version\": {" "$assets" || fail "the consumer did not resolve $id $version (see $assets)"
  [ -f "$packages/$lower/$version/$lower.$version.nupkg" ] || fail "$id $version was not restored into $packages"
done
cmp -s "$package" "$packages/saasusers.data/$version/saasusers.data.$version.nupkg" ||
  fail "the restored SaasUsers.Data $version is not the package just packed"
[ -f "$packages/saasusers.data/$version/analyzers/dotnet/cs/SaasUsers.Data.Generator.dll" ] ||
  fail "the SaasUsers.Data package has no analyzers/dotnet/cs/SaasUsers.Data.Generator.dll"
log "restore: SaasUsers.Data and SaasUsers.Data.Testing $version from artifacts/feed, generator in analyzers/dotnet/cs ($(_ddbl_since "$t"))"

t="$(_ddbl_clock)"
set +e
dotnet test "$consumer" --no-restore -c Release -p:SaasUsersPackageVersion="$version" \
  --logger "trx;LogFilePrefix=package-smoke" --results-directory "$results_dir"
status=$?
set -e
log "test: dotnet test exited with $status ($(_ddbl_since "$t"); whole smoke test $(_ddbl_since "$t_start"))"
ddbl_cleanup
exit "$status"
