# -WhatIf and -Confirm:$false in the real console host: a child pwsh (-NonInteractive, as a script or CI runs it)
# imports the built module and drives served virtual boards. -WhatIf prints pwsh's own "What if:" line and leaves
# the board as it was; -Confirm:$false lets a script flash without a prompt.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:folder = New-TestFolder
    $script:pyboard = Start-VirtualPyboard -Arguments '--time-scale', '0'
    $script:esp32 = Start-VirtualEsp32 -Mode rfc2217 -Arguments '--time-scale', '0'
    $script:dfuFile = New-SampleDfuFile -Path (Join-Path $folder 'PYBV11-test.dfu')
    $script:image = New-SampleEsp32Image -Path (Join-Path $folder 'ESP32_GENERIC-test.bin')
    $script:childEnvironment = @{ FIRMWARETOOLS_USB_BRIDGE = $pyboard.Address }
    $script:import = "Import-Module '$(Get-BuiltModulePath)'; `$ErrorActionPreference = 'Stop'"

    # The whole flash as the board holds it now, by the module's own backup (a read, which changes nothing).
    function script:Get-FlashHash([string] $Name) {
        $before = $env:FIRMWARETOOLS_USB_BRIDGE
        try {
            $env:FIRMWARETOOLS_USB_BRIDGE = $pyboard.Address
            (Get-DfuDevice | Backup-PyboardFirmware -Path (Join-Path $folder "$Name.bin")).Sha256
        } finally { $env:FIRMWARETOOLS_USB_BRIDGE = $before }
    }
}

AfterAll {
    $script:pyboard, $script:esp32 | Stop-ServedBoard
    Remove-TestFolder $script:folder
}

Describe 'Install-PyboardFirmware in the real host' {
    It '-WhatIf prints what it would do and leaves the flash as it was' {
        $before = Get-FlashHash 'before-whatif'
        $run = Invoke-ChildPwsh -Environment $childEnvironment -Command "$import; Get-DfuDevice | Install-PyboardFirmware -Path '$dfuFile' -Verify -WhatIf; 'exit-ok'"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $whatIf = @($run.Output | Where-Object { $_ -like 'What if:*' })
        $whatIf.Count | Should -Be 1 -Because ($run.Output -join "`n")
        $whatIf[0] | Should -BeLike "*0483:df11 3061B4493536*"
        $whatIf[0] | Should -BeLike "*PYBV11-test.dfu*"
        $run.Output | Should -Contain 'exit-ok'
        Get-FlashHash 'after-whatif' | Should -Be $before
    }

    It '-Confirm:$false flashes and verifies under -NonInteractive, without a prompt' {
        $run = Invoke-ChildPwsh -Environment $childEnvironment -Command "$import; `$r = Get-DfuDevice | Install-PyboardFirmware -Path '$dfuFile' -Verify -NoReset -Confirm:`$false; 'erased=' + `$r.Erased + ' verified=' + `$r.Verified"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'erased=0,5 verified=True'
        $run.Output | Where-Object { $_ -match 'prompt|Confirm' } | Should -BeNullOrEmpty
    }

    It 'without -Confirm:$false, -NonInteractive refuses to prompt and writes nothing' {
        $before = Get-FlashHash 'before-prompt'
        $run = Invoke-ChildPwsh -Environment $childEnvironment -Command "$import; Get-DfuDevice | Install-PyboardFirmware -Path '$dfuFile' -Verify -NoReset"
        $run.ExitCode | Should -Not -Be 0
        Get-FlashHash 'after-prompt' | Should -Be $before
    }
}

Describe 'Install-Esp32Firmware in the real host' {
    It '-WhatIf prints what it would do and returns no result' {
        $run = Invoke-ChildPwsh -Command "$import; `$r = Install-Esp32Firmware -Port '$($esp32.Address)' -Path '$image' -WhatIf; 'results=' + @(`$r).Count"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $whatIf = @($run.Output | Where-Object { $_ -like 'What if:*' })
        $whatIf.Count | Should -BeGreaterThan 0 -Because ($run.Output -join "`n")
        ($whatIf -join ' ') | Should -BeLike "*$($esp32.Address)*"
        $run.Output | Should -Contain 'results=0'
    }

    It '-Confirm:$false flashes and verifies under -NonInteractive; a second run finds the region unchanged on the chip' {
        $flash = "Install-Esp32Firmware -Port '$($esp32.Address)' -Path '$image' -Confirm:`$false"
        $run = Invoke-ChildPwsh -Command "$import; `$a = $flash; `$b = $flash -SkipUnchanged; 'first=' + `$a.Verified + '/' + `$a.Regions[0].Action + ' second=' + `$b.Regions[0].Action"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'first=True/Written second=Skipped'
    }
}
