# README's first command, typed in the real pwsh: the demo's pipelines against the simulators' served boards, each
# reached as a user reaches it (serve-dfu through FIRMWARETOOLS_USB_BRIDGE, serve-esp32 --repl over rfc2217://, the
# real MicroPython interpreter's REPL over socket://). Each step checks what the board holds afterwards.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:folder = New-TestFolder
    $script:bridgeBefore = $env:FIRMWARETOOLS_USB_BRIDGE
    $script:pyboard = Start-VirtualPyboard -Arguments '--time-scale', '0'
    # The ESP32 runs MicroPython until the DevKit reset (DTR/RTS over RFC 2217) puts it into its ROM loader.
    $script:esp32 = Start-VirtualEsp32 -Mode rfc2217 -Arguments '--time-scale', '0', '--repl'
    $script:repl = Start-MicroPythonBoard
    $env:FIRMWARETOOLS_USB_BRIDGE = $pyboard.Address
    $script:dfuFile = New-SampleDfuFile -Path (Join-Path $folder 'PYBV11-demo.dfu') -TextLength 96KB
    $script:image = New-SampleEsp32Image -Path (Join-Path $folder 'ESP32_GENERIC-demo.bin') -Length 32KB
    Push-Location $folder
}

AfterAll {
    Pop-Location
    $script:pyboard, $script:esp32, $script:repl | Stop-ServedBoard
    $env:FIRMWARETOOLS_USB_BRIDGE = $script:bridgeBefore
    Remove-TestFolder $script:folder
}

Describe 'The demo''s pyboard pipelines' {
    It 'Get-DfuDevice lists the virtual STM32 bootloader' {
        $device = Get-DfuDevice
        @($device).Count | Should -Be 1
        $device.Id | Should -Be '0483:df11'
        $device.SerialNumber | Should -Be '3061B4493536'
        $device.FlashSize | Should -Be 1MB
    }

    It 'Get-FirmwareInfo -Path ./PYBV11-demo.dfu: sound, and it erases sectors 0 and 5 only' {
        $info = Get-FirmwareInfo -Path ./PYBV11-demo.dfu
        $info.IsValid | Should -BeTrue
        $info.F405SectorNumbers | Should -Be @(0, 5)
        $info.F405TouchesFilesystem | Should -BeFalse
    }

    It 'Get-DfuDevice | Backup-PyboardFirmware -Path ./pyboard-backup.bin writes the whole flash and its sidecar' {
        $backup = Get-DfuDevice | Backup-PyboardFirmware -Path ./pyboard-backup.bin
        (Get-Item ./pyboard-backup.bin).Length | Should -Be 1MB
        (Get-FileHash ./pyboard-backup.bin -Algorithm SHA256).Hash | Should -Be $backup.Sha256
        $sidecar = Get-Content ./pyboard-backup.bin.json -Raw | ConvertFrom-Json
        $sidecar.Sha256 | Should -Be $backup.Sha256
    }

    It 'Get-DfuDevice | Install-PyboardFirmware -Path ./PYBV11-demo.dfu -Verify -Confirm:$false flashes, verifies and leaves DFU mode' {
        $result = Get-DfuDevice | Install-PyboardFirmware -Path ./PYBV11-demo.dfu -Verify -Confirm:$false
        $result.Verified | Should -BeTrue
        $result.Erased | Should -Be '0,5'
        $result.BytesWritten | Should -Be (512 + 96KB)
        $result.LeftDfuMode | Should -BeTrue
        # The board left its bootloader and runs MicroPython: nothing is in DFU mode any more.
        Get-DfuDevice | Should -BeNullOrEmpty
    }
}

Describe 'The demo''s ESP32 pipeline' {
    It 'Install-Esp32Firmware -Port rfc2217://... -Confirm:$false resets the running board into its loader, writes at 0x1000, verifies and resets it' {
        $result = Install-Esp32Firmware -Port $esp32.Address -Path ./ESP32_GENERIC-demo.bin -Confirm:$false
        $result.Port | Should -Be $esp32.Address
        $result.Chip | Should -BeLike 'ESP32-D0WDQ6*'
        $result.Verified | Should -BeTrue
        $result.Reset | Should -BeTrue
        $result.Regions.Offset | Should -Be 0x1000
        $md5 = -join ([System.Security.Cryptography.MD5]::HashData([System.IO.File]::ReadAllBytes($image.FullName)) | ForEach-Object { $_.ToString('x2') })
        $result.Regions.Md5 | Should -Be $md5
    }

    It 'the chip holds the image: flashing again with -SkipUnchanged finds the region''s MD5 equal and writes nothing' {
        $again = Install-Esp32Firmware -Port $esp32.Address -Path ./ESP32_GENERIC-demo.bin -SkipUnchanged -Confirm:$false
        $again.Regions.Action | Should -Be 'Skipped'
        $again.Verified | Should -BeTrue
    }
}

Describe 'The demo''s version query' {
    It 'Get-DeviceVersion -Port socket://... reads what the real MicroPython REPL reports' {
        $version = Get-DeviceVersion -Port $repl.Port
        $version.Port | Should -Be $repl.Port
        $version.Board | Should -Be 'PYBv1.1'
        $version.Mcu | Should -Be 'STM32F405RG'
        $version.MicroPythonVersion.ToString() | Should -Be 'v1.22.2'
        $version.BuildDate | Should -Be ([datetime]'2024-02-22')
    }

    It 'leaves the board at its friendly REPL: a second query answers the same' {
        (Get-DeviceVersion -Port $repl.Port).Release | Should -Be '1.22.2'
    }
}
