<#
.SYNOPSIS
    Builds, tests and packages the FirmwareTools module.

.DESCRIPTION
    A thin wrapper over dotnet for people who have PowerShell. The build itself lives in MSBuild, so
    machines without pwsh build the same module with `dotnet build`.

    Build    compiles everything and lays out the importable module in out/FirmwareTools.
    Test     runs ./test.sh: the xunit tests (unit, simulator, real peers), then the Pester suite
             (tests/pester) in the pinned real pwsh against the built module.
    Package  makes out/FirmwareTools.<version>.nupkg, which Install-PSResource installs from a local
             repository (see the example).
    Clean    removes out/ and the bin/obj folders.

.PARAMETER Task
    One or more of Build, Test, Package, Clean, run in the order given. Default: Build.

.PARAMETER Configuration
    Debug or Release. Default: Release.

.EXAMPLE
    ./build.ps1
    Import-Module ./out/FirmwareTools
    Get-DfuDevice

.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test

.EXAMPLE
    ./build.ps1 -Task Package
    Register-PSResourceRepository -Name Local -Uri ./out -Trusted
    Install-PSResource -Name FirmwareTools -Repository Local
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Invoke-DotNet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Verbose "dotnet $Arguments"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean' {
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $root 'out')
            Get-ChildItem $root -Recurse -Directory -Include bin, obj |
                Where-Object FullName -NotMatch 'node_modules' |
                Remove-Item -Recurse -Force
        }
        'Build' {
            Invoke-DotNet build (Join-Path $root 'FirmwareTools.sln') -c $Configuration --nologo
            Write-Host "Module: $(Join-Path $root 'out/FirmwareTools')"
        }
        'Test' {
            & bash (Join-Path $root 'test.sh')
            if ($LASTEXITCODE -ne 0) { throw "The tests failed (see the closing line above)." }
        }
        'Package' {
            Invoke-DotNet pack (Join-Path $root 'src/FirmwareTools/FirmwareTools.csproj') -c $Configuration --nologo
            Get-ChildItem (Join-Path $root 'out') -Filter 'FirmwareTools.*.nupkg'
        }
    }
}
