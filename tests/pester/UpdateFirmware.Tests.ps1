# Update-Firmware in the real pwsh against `FirmwareTools.Simulators serve-lab`: a pyboard, an ESP32 DevKit, a Pico, a
# Pico 2, an ESP32-S3 on native USB and an ESP32-C3 on its USB-Serial/JTAG, all running v1.22.2, and a loopback firmware
# site holding v1.22.2 and v1.24.1 (docs/protocols/board-update.md §6). serve-lab names the pyboard and Picos by a
# socket:// port and the DevKit by an rfc2217:// port, which Get-SerialPort does not list, so that pipeline starts at
# Get-DeviceVersion, whose objects bind to -Port by property name as Get-SerialPort's do; the S3 and C3 are usb://
# ports. Every board's USB side is also on a loopback USB bridge, where Get-SerialPort lists its serial port (the
# pyboard's and Picos' USB REPL, the DevKit's CH9102, the S3's TinyUSB port, the C3's USB-Serial/JTAG) for the
# one-line `Get-SerialPort | Update-Firmware` of the README.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:lab = Start-ServedLab -Boards 6
    $script:boards = $script:lab.Boards
    $script:variables = $script:lab.Variables
    $script:ports = $script:lab.Ports
    $script:cache = Join-Path ([System.IO.Path]::GetTempPath()) ('update-pester-' + [Guid]::NewGuid())
}

AfterAll {
    $script:lab | Stop-ServedLab
    Remove-Item -Recurse -Force $script:cache -ErrorAction SilentlyContinue
    Remove-Module FirmwareTools -ErrorAction SilentlyContinue
}

Describe 'Update-Firmware against serve-lab' {
    It 'serve-lab names the two variables and six boards on v1.22.2' {
        $script:variables | Sort-Object | Should -Be @('FIRMWARETOOLS_MICROPYTHON_SITE', 'FIRMWARETOOLS_USB_BRIDGE')
        $script:boards.Kind | Should -Be @('pyboard', 'esp32', 'pico', 'pico2', 'esp32s3', 'esp32c3')
        $script:ports[4] | Should -BeLike 'usb://127.0.0.1:*'
        $script:ports[5] | Should -BeLike 'usb://127.0.0.1:*'
        $script:boards.Version | Sort-Object -Unique | Should -Be 'v1.22.2'
    }

    It '-WhatIf prints one line per board and changes nothing' {
        # pwsh writes "What if:" lines to its host: a child pwsh shows them on its standard output.
        $environment = @{}
        foreach ($name in $script:variables) { $environment[$name] = (Get-Item "env:$name").Value }
        $module = Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1'
        $run = Invoke-ChildPwsh -Environment $environment -Command "Import-Module '$module'; Get-DeviceVersion -Port $(($script:ports | ForEach-Object { "'$_'" }) -join ',') | Update-Firmware -Version 1.24.1 -DestinationPath '$($script:cache)' -WhatIf; 'exit-ok'"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $whatIf = @($run.Output | Where-Object { $_ -like 'What if:*' })
        $whatIf | Should -Be @(
            "What if: PYBV11 on $($script:ports[0]): v1.22.2 -> v1.24.1, PYBV11-20241129-v1.24.1.dfu"
            "What if: ESP32_GENERIC on $($script:ports[1]): v1.22.2 -> v1.24.1, ESP32_GENERIC-20241129-v1.24.1.bin"
            "What if: RPI_PICO on $($script:ports[2]): v1.22.2 -> v1.24.1, RPI_PICO-20241129-v1.24.1.uf2"
            "What if: RPI_PICO2 on $($script:ports[3]): v1.22.2 -> v1.24.1, RPI_PICO2-20241129-v1.24.1.uf2"
            "What if: ESP32_GENERIC_S3 on $($script:ports[4]): v1.22.2 -> v1.24.1, ESP32_GENERIC_S3-20241129-v1.24.1.bin"
            "What if: ESP32_GENERIC_C3 on $($script:ports[5]): v1.22.2 -> v1.24.1, ESP32_GENERIC_C3-20241129-v1.24.1.bin")
        $run.Output | Should -Contain 'exit-ok'
        Test-Path $script:cache | Should -BeFalse
        Get-DeviceVersion -Port $script:ports | ForEach-Object { $_.MicroPythonVersion.ToString() } | Sort-Object -Unique | Should -Be 'v1.22.2'
    }

    It 'updates the mixed lab six at a time, in input order, and every board then reports v1.24.1' {
        $results = Get-DeviceVersion -Port $script:ports | Update-Firmware -Version 1.24.1 -ThrottleLimit 6 -DestinationPath $script:cache -Confirm:$false
        $results.Port | Should -Be $script:ports
        $results.Action | Sort-Object -Unique | Should -Be 'Updated'
        $results.Board | Should -Be @('PYBV11', 'ESP32_GENERIC', 'RPI_PICO', 'RPI_PICO2', 'ESP32_GENERIC_S3', 'ESP32_GENERIC_C3')
        $results.After | Sort-Object -Unique | Should -Be 'v1.24.1'
        Get-DeviceVersion -Port $script:ports | ForEach-Object { $_.MicroPythonVersion.ToString() } | Sort-Object -Unique | Should -Be 'v1.24.1'
        (Get-ChildItem $script:cache -Filter *.sha256).Count | Should -Be 6
    }

    It 'a second run reports every board AlreadyCurrent and writes nothing' {
        $before = Get-ChildItem $script:cache | ForEach-Object { '{0} {1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks }
        $results = $script:ports | Update-Firmware -Version 1.24.1 -ThrottleLimit 4 -DestinationPath $script:cache -Confirm:$false
        $results.Action | Sort-Object -Unique | Should -Be 'AlreadyCurrent'
        $after = Get-ChildItem $script:cache | ForEach-Object { '{0} {1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks }
        $after | Should -Be $before
    }

    It 'the default view fits 80 columns with the port last' {
        $text = $script:ports | Update-Firmware -Version 1.24.1 -DestinationPath $script:cache -Confirm:$false | Format-Table | Out-String -Width 80
        $lines = $text -split "`r?`n" | Where-Object { $_ }
        $lines[0] | Should -Match '^Board\s+Before\s+After\s+Action\s+Time Port$'
        foreach ($port in $script:ports) { $text | Should -Match ([regex]::Escape($port)) }
        ($lines | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'a version the site does not hold fails each board with its own error and touches none' {
        $errors = $null
        $results = $script:ports | Update-Firmware -Version 1.23.0 -DestinationPath $script:cache -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 6
        ($errors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique) | Should -Be 'FirmwareVersionNotFound'
        $results.Action | Sort-Object -Unique | Should -Be 'Failed'
        $results.Port | Should -Be $script:ports
    }
}

Describe 'Get-SerialPort | Update-Firmware against serve-lab --ptys' {
    # The pyboard and the Picos as OS serial ports: a fake sysfs lists them (USB ids and serials) and each is a
    # pseudo-terminal that goes while its board is in its bootloader and comes back with the application.
    BeforeAll {
        $script:ptyFolder = Join-Path ([System.IO.Path]::GetTempPath()) ('update-ptys-' + [Guid]::NewGuid())
        $script:ptyLab = Start-ServedLab -Boards 3 -Arguments '--esp32s', '0', '--esp32s3s', '0', '--esp32c3s', '0', '--ptys', $script:ptyFolder
        $script:ptyBoards = $script:ptyLab.Ports
        $script:ptyCache = Join-Path $script:ptyFolder 'cache'
    }

    AfterAll {
        $script:ptyLab | Stop-ServedLab
        Remove-Item -Recurse -Force $script:ptyFolder -ErrorAction SilentlyContinue
    }

    It 'Get-SerialPort lists the boards with their USB ids and serials' {
        $listed = Get-SerialPort
        $listed.Port | Should -Be $script:ptyBoards
        $listed.Id | Should -Be @('f055:9800', '2e8a:0005', '2e8a:0005')
    }

    It 'updates every listed board, and the second run reports each AlreadyCurrent and writes nothing' {
        $results = Get-SerialPort | Update-Firmware -Version 1.24.1 -ThrottleLimit 3 -DestinationPath $script:ptyCache -Confirm:$false
        $results.Port | Should -Be $script:ptyBoards
        $results.Action | Sort-Object -Unique | Should -Be 'Updated'
        $results.After | Sort-Object -Unique | Should -Be 'v1.24.1'

        $before = Get-ChildItem $script:ptyCache | ForEach-Object { '{0} {1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks }
        $again = Get-SerialPort | Update-Firmware -Version 1.24.1 -ThrottleLimit 3 -DestinationPath $script:ptyCache -Confirm:$false
        $again.Action | Sort-Object -Unique | Should -Be 'AlreadyCurrent'
        Get-ChildItem $script:ptyCache | ForEach-Object { '{0} {1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks } | Should -Be $before
    }
}

Describe 'Get-SerialPort | Update-Firmware against serve-lab: every board on its USB bridge' {
    # The README's one line, as typed: the lab's serial ports are what Get-SerialPort lists from the USB bridges (an empty
    # fake sysfs hides this machine's own ports). The boards start on v1.22.2 again in a lab of their own.
    BeforeAll {
        $script:bridgeFolder = Join-Path ([System.IO.Path]::GetTempPath()) ('update-bridges-' + [Guid]::NewGuid())
        New-Item -ItemType Directory -Path (Join-Path $script:bridgeFolder 'sys') | Out-Null
        $script:sysfsBefore = $env:FIRMWARETOOLS_SYSFS_ROOT
        $env:FIRMWARETOOLS_SYSFS_ROOT = Join-Path $script:bridgeFolder 'sys'
        $script:bridgeLab = Start-ServedLab -Boards 6
        $script:bridgeCache = Join-Path $script:bridgeFolder 'cache'
    }

    AfterAll {
        $script:bridgeLab | Stop-ServedLab
        $env:FIRMWARETOOLS_SYSFS_ROOT = $script:sysfsBefore
        Remove-Item -Recurse -Force $script:bridgeFolder -ErrorAction SilentlyContinue
    }

    It 'Get-SerialPort lists each board once, with the USB ids it enumerates with' {
        $listed = Get-SerialPort
        $listed.Port | ForEach-Object { $_ | Should -BeLike 'usb://127.0.0.1:*' }
        $listed.Id | Should -Be @('f055:9800', '1a86:55d4', '2e8a:0005', '2e8a:0005', '303a:4001', '303a:1001')
        $listed[5].SerialNumber | Should -Match '^([0-9A-F]{2}:){5}[0-9A-F]{2}$'
    }

    It 'updates every board in one line, confirms each, and the second run reports each AlreadyCurrent and writes nothing' {
        $results = Get-SerialPort | Update-Firmware -Version 1.24.1 -ThrottleLimit 8 -DestinationPath $script:bridgeCache -Confirm:$false
        $results.Board | Should -Be @('PYBV11', 'ESP32_GENERIC', 'RPI_PICO', 'RPI_PICO2', 'ESP32_GENERIC_S3', 'ESP32_GENERIC_C3')
        $results.Action | Sort-Object -Unique | Should -Be 'Updated'
        $results.Before | Sort-Object -Unique | Should -Be 'v1.22.2'
        $results.After | Sort-Object -Unique | Should -Be 'v1.24.1'

        $before = Get-ChildItem $script:bridgeCache | ForEach-Object { '{0} {1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks }
        $again = Get-SerialPort | Update-Firmware -Version 1.24.1 -ThrottleLimit 8 -DestinationPath $script:bridgeCache -Confirm:$false
        $again.Action | Sort-Object -Unique | Should -Be 'AlreadyCurrent'
        Get-ChildItem $script:bridgeCache | ForEach-Object { '{0} {1}' -f $_.Name, $_.LastWriteTimeUtc.Ticks } | Should -Be $before
    }
}

Describe 'Update-Firmware against serve-lab --fault: each fault of issue 19 on a board of its own' {
    # A healthy pyboard and one pyboard per fault, all updated in one line, eight at a time: each faulty board gets its
    # own error naming its port, the others are updated, and no board is flashed with another's bootloader.
    BeforeAll {
        $script:faults = @('busy', 'ignores-ctrl-c', 'silent', 'unidentified', 'no-bootloader', 'dfu-jumper', 'old-image')
        $arguments = @('--esp32s', '0', '--picos', '0', '--pico2s', '0', '--esp32s3s', '0', '--esp32c3s', '0')
        foreach ($fault in $script:faults) { $arguments += @('--fault', $fault) }
        $script:faultLab = Start-ServedLab -Boards 8 -Arguments $arguments
        $script:faultPorts = $script:faultLab.Ports
        $script:faultCache = Join-Path ([System.IO.Path]::GetTempPath()) ('update-faults-' + [Guid]::NewGuid())
    }

    AfterAll {
        $script:faultLab | Stop-ServedLab
        Remove-Item -Recurse -Force $script:faultCache -ErrorAction SilentlyContinue
    }

    It 'updates the healthy and the busy board, and gives every other board one error of its own' {
        $errors = $null
        $results = $script:faultPorts | Update-Firmware -Version 1.24.1 -ThrottleLimit 8 -DestinationPath $script:faultCache -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $results.Port | Should -Be $script:faultPorts
        $results.Action | Should -Be @('Updated', 'Updated', 'Failed', 'Failed', 'Failed', 'Failed', 'Failed', 'Failed')
        # Boards 2 to 7 in the order of $faults after 'busy'.
        $expected = @('ReplProgramRunning', 'ReplNoAnswer', 'BoardNotIdentified', 'UpdateBootloaderNotFound', 'UpdateStillInBootloader', 'UpdateVersionNotConfirmed')
        $errors.Count | Should -Be 6
        for ($i = 0; $i -lt $expected.Count; $i++) {
            $port = $script:faultPorts[$i + 2]
            $mine = @($errors | Where-Object { $_.Exception.Message -match ([regex]::Escape($port) + '(?!\d)') })
            $mine.Count | Should -Be 1 -Because "one error names $port"
            $mine[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be $expected[$i]
        }
        $results[2].Stage | Should -Be 'OldFirmware'
        $results[5].Stage | Should -Be 'EnteringBootloader'
        $results[6].Stage | Should -Be 'Restarting'
        Get-DeviceVersion -Port $script:faultPorts[0], $script:faultPorts[1] | ForEach-Object { $_.MicroPythonVersion.ToString() } | Should -Be @('v1.24.1', 'v1.24.1')
    }
}
