#!/usr/bin/env bash
# The test command (README, .ci/run):  ./eng/test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Harness"]
# The build program's "test" command does the work (eng/SaasUsers.Data.Build, docs/testing.md); its last line is
# "N passed, N failed" and its exit code is the run's result.
exec "$(dirname "${BASH_SOURCE[0]}")/build.sh" test "$@"
