#!/usr/bin/env bash
# The sample console (README):  ./eng/sample.sh [command] [arguments]   ("./eng/sample.sh help" needs no Docker)
# The build program's "sample" command makes DynamoDB Local available first (eng/SaasUsers.Data.Build, docs/testing.md).
exec "$(dirname "${BASH_SOURCE[0]}")/build.sh" sample "$@"
