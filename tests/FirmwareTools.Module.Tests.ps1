# Pester 5 tests of the built module in a real PowerShell engine (run by ./build.ps1 -Task Test where
# pwsh and Pester exist; the xunit contract tests cover the same metadata on machines without pwsh).
BeforeAll {
    $module = Join-Path $PSScriptRoot '../out/FirmwareTools/FirmwareTools.psd1'
    Import-Module $module -Force
}

AfterAll {
    Remove-Module FirmwareTools -ErrorAction SilentlyContinue
}

Describe 'FirmwareTools module' {
    It 'imports and exports its cmdlets' {
        $commands = Get-Command -Module FirmwareTools
        $commands.Name | Should -Contain 'Get-DfuDevice'
    }

    It 'lists no DFU device, without error, on a machine without USB boards' {
        { Get-DfuDevice -ErrorAction Stop } | Should -Not -Throw
    }

    It 'accepts vendor ids as lsusb prints them' {
        { Get-DfuDevice -VendorId '0483' -ProductId 'df11' -ErrorAction Stop } | Should -Not -Throw
    }

    It 'rejects a vendor id that is not hexadecimal, naming it' {
        { Get-DfuDevice -VendorId 'xyz' -ErrorAction Stop } | Should -Throw '*xyz*'
    }

    It 'has help for every cmdlet' {
        foreach ($command in Get-Command -Module FirmwareTools) {
            (Get-Help $command.Name).Synopsis | Should -Not -BeNullOrEmpty
        }
    }
}
