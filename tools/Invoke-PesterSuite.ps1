<#
.SYNOPSIS
    Runs Pester files in this one pwsh process (tools/run-pester.sh starts it in the pinned pwsh).
.DESCRIPTION
    Every *.Tests.ps1 in tests/pester unless -Path names files. Prints each test as it runs and a closing line
    "pester: P passed, F failed", where F also counts blocks and files that failed outside a test (a BeforeAll
    that threw, a file that does not parse), and a run that found no test counts as one failure. The exit code
    is 0 only when nothing failed.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(ValueFromRemainingArguments)] [string[]] $Path
)
$ErrorActionPreference = 'Stop'
if (-not $Path) { $Path = @(Join-Path $PSScriptRoot '../tests/pester') }
Import-Module $PesterPath -Force
# Plain text in a log or a pipe (test.sh tees it), colours on a terminal.
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = "PlainText" }

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnit3'
$configuration.TestResult.OutputPath = $ResultPath

try {
    $result = Invoke-Pester -Configuration $configuration
} catch {
    Write-Host "pester: Invoke-Pester failed: $_"
    $result = $null
}
if ($null -eq $result) {
    # Pester wrote an error instead of a result (no test file found, a broken configuration): one failure.
    Write-Host 'pester: 0 passed, 1 failed'
    exit 1
}
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
if ($result.TotalCount -eq 0) { $failed++ ; Write-Host 'pester: no test was found' }
Write-Host "pester: $($result.PassedCount) passed, $failed failed"
exit ([int]($failed -gt 0))
