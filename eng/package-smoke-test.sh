#!/usr/bin/env bash
# Only the package smoke test (docs/packaging.md):  ./eng/package-smoke-test.sh [--results-directory DIR]
# The build program's "package-smoke" command (eng/SaasUsers.Data.Build); ./eng/test.sh runs it on full runs.
exec "$(dirname "${BASH_SOURCE[0]}")/build.sh" package-smoke "$@"
