#!/usr/bin/env bash
# Runs the sample console with DynamoDB Local available to it:
#
#   ./eng/sample.sh [sample arguments]
#
# Makes a Docker engine answer and the DynamoDB Local image exist exactly as eng/test.sh does (the sample starts
# its own DynamoDB Local container through SaasUsers.Data.Testing), runs the sample in Release, and stops the
# engine again when this script started it. With SAASUSERS_DYNAMODB_URL set, no Docker is needed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# shellcheck source=eng/lib/dynamodb-local.sh
source "$repo_root/eng/lib/dynamodb-local.sh"

if [ -n "${SAASUSERS_DYNAMODB_URL:-}" ]; then
  ddbl_log "endpoint: SAASUSERS_DYNAMODB_URL=$SAASUSERS_DYNAMODB_URL; no Docker needed, none started"
else
  ddbl_prepare || {
    ddbl_error "DynamoDB Local is not available, so the sample cannot run"
    exit 1
  }
fi

set +e
dotnet run --project "$repo_root/samples/SaasUsers.Data.Sample" -c Release -- "$@"
status=$?
set -e
ddbl_cleanup
exit "$status"
