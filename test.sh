#!/usr/bin/env bash
# Runs every test: unit, simulator and real-peer tests (xunit, via dotnet test), then the Pester suite in the real
# pwsh (tools/run-pester.sh: every tests/pester/*.Tests.ps1 against the module dotnet test just built). Installs the
# test dependencies first when they are missing, then prints a closing line "N passed, N failed" counting both.
# With arguments (e.g. --filter X) they go to dotnet test and only the xunit suite runs.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
bash tools/install-test-deps.sh || exit 1

results="$here/tests/TestResults"
rm -rf "$results"
# Each test project writes its own <Project>.trx (VSTestLogger in Directory.Build.props: one fixed LogFileName
# on the command line would make the projects overwrite each other); the closing line sums all of them.
# Build everything first, then test with --no-build: when dotnet test builds, each test project's build runs the
# module layout (out/FirmwareTools is emptied and written again) in a parallel node while another project's tests
# already read out/, and a run then saw a half-written module folder.
dotnet build FirmwareTools.sln --nologo -c Release || { echo "0 passed, 1 failed"; exit 1; }
dotnet test FirmwareTools.sln --nologo -c Release --no-build --results-directory "$results" "$@"
status=$?

passed=0
failed=0
found=0
while IFS= read -r -d '' trx; do
  found=$((found + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done < <(find "$results" -name '*.trx' -print0 2>/dev/null)

# In a full run, a test project that wrote no trx (it crashed or did not build) counts as a failure. (With extra
# arguments such as --filter, a project may rightly have nothing to run.)
projects="$(grep -c 'Tests\.csproj' FirmwareTools.sln)"
if [ $# -eq 0 ] && [ "$found" -lt "$projects" ]; then
  failed=$((failed + projects - found))
  [ $status -ne 0 ] || status=1
fi
[ "$found" -gt 0 ] || { failed=$((failed + 1)); [ $status -ne 0 ] || status=1; }
# The Pester suite, in a full run. Its own closing line "pester: P passed, F failed" is added to the totals; a run
# that printed none (pwsh or Pester crashed) counts as a failure.
if [ $# -eq 0 ]; then
  mkdir -p "$results"
  pester_log="$results/pester.log"
  bash tools/run-pester.sh 2>&1 | tee "$pester_log"
  pester_status=${PIPESTATUS[0]}
  pester_line="$(grep -a -o 'pester: [0-9][0-9]* passed, [0-9][0-9]* failed' "$pester_log" | tail -n 1)"
  if [ -n "$pester_line" ]; then
    passed=$((passed + $(sed 's/pester: \([0-9]*\) passed.*/\1/' <<<"$pester_line")))
    failed=$((failed + $(sed 's/.* \([0-9]*\) failed/\1/' <<<"$pester_line")))
  else
    failed=$((failed + 1))
  fi
  [ "$pester_status" -eq 0 ] || [ $status -ne 0 ] || status=1
fi

echo "$passed passed, $failed failed"
exit $status
