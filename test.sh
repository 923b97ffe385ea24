#!/usr/bin/env bash
# Runs every test: unit, simulator and real-peer tests (xunit, via dotnet test). Installs the test
# dependencies first when they are missing, then prints a closing line "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
bash tools/install-test-deps.sh || exit 1

results="$here/tests/TestResults"
rm -rf "$results"
dotnet test FirmwareTools.sln --nologo -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?

trx="$(find "$results" -name 'results.trx' 2>/dev/null | head -n 1)"
if [ -n "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  passed="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  failed="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  [ $status -ne 0 ] || status=1
fi
exit $status
