#!/usr/bin/env bash
# Only the Native AOT check:  ./eng/aot-check.sh
# The build program's "aot" command (eng/SaasUsers.Data.Build); ./eng/test.sh runs it on full runs as one test.
exec "$(dirname "${BASH_SOURCE[0]}")/build.sh" aot "$@"
