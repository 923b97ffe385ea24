#!/usr/bin/env bash
# Runs the Pester suite (every tests/pester/*.Tests.ps1, or the files given) in the real PowerShell pinned in
# .config/dotnet-tools.json, with Pester 6.2.0 from the NuGet packages folder (tests/pester/Pester.Restore.proj puts
# it there; tools/install-test-deps.sh restores both). The suite imports the built module out/FirmwareTools and
# the simulators' build (dotnet build -c Release first; test.sh builds the solution before either suite runs).
# Writes NUnit 3 XML to $PESTER_RESULT (default tests/TestResults/pester.xml) and prints "pester: P passed, F failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
pester="${packages%/}/pester/6.2.0/tools/Pester.psd1"
if [ ! -f "$pester" ]; then
  echo "run-pester: $pester is missing; run tools/install-test-deps.sh" >&2
  exit 1
fi
result="${PESTER_RESULT:-$here/tests/TestResults/pester.xml}"
mkdir -p "$(dirname "$result")"
rm -f "$result"
files=()
[ $# -eq 0 ] || files=("$@")
exec dotnet pwsh -NoLogo -NoProfile -NonInteractive -File "$here/tools/Invoke-PesterSuite.ps1" -PesterPath "$pester" -ResultPath "$result" "${files[@]}"
