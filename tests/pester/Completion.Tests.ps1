# Tab completion as the real host computes it (TabExpansion2, what PSReadLine calls on Tab): -Port offers the
# ports Get-SerialPort lists (here a fake sysfs with two USB serial adapters), -Board the known board names.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:folder = New-TestFolder
    $script:sysfsBefore = $env:FIRMWARETOOLS_SYSFS_ROOT
    $env:FIRMWARETOOLS_SYSFS_ROOT = New-FakeSysfs -Root (Join-Path $folder 'sys') -Ports @(
        @{ Path = '1-1.2'; Tty = 'ttyUSB0'; Driver = 'cp210x'; Vid = '10c4'; Pid = 'ea60'; Serial = '0001'; Product = 'CP2102N USB to UART Bridge Controller' }
        @{ Path = '1-1.4'; Tty = 'ttyACM0'; Driver = 'cdc_acm'; Vid = 'f055'; Pid = '9800'; Serial = '3061B4493536'; Product = 'Pyboard Virtual Comm Port in FS Mode' })

    function script:Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    $env:FIRMWARETOOLS_SYSFS_ROOT = $script:sysfsBefore
    Remove-TestFolder $script:folder
}

Describe 'TabExpansion2 completes -Port' {
    It '<Command> -Port offers every listed port, with its USB id as the tooltip' -ForEach @(
        @{ Command = 'Install-Esp32Firmware' }, @{ Command = 'Get-DeviceVersion' }, @{ Command = 'Get-SerialPort' }
    ) {
        $matches = Complete "$Command -Port "
        $matches.CompletionText | Should -Be @('/dev/ttyACM0', '/dev/ttyUSB0')
        ($matches | Where-Object CompletionText -EQ '/dev/ttyUSB0').ToolTip | Should -BeLike '*10c4:ea60*CP2102N*'
    }

    It 'filters by what is typed, also without the folder' {
        (Complete 'Install-Esp32Firmware -Port /dev/ttyU').CompletionText | Should -Be '/dev/ttyUSB0'
        (Complete 'Get-DeviceVersion -Port ttyA').CompletionText | Should -Be '/dev/ttyACM0'
    }
}

Describe 'TabExpansion2 completes -Board' {
    It 'Save-Firmware -Board PYB offers PYBV11, offline' {
        $texts = (Complete 'Save-Firmware -Board PYB').CompletionText
        $texts | Should -Contain 'PYBV11'
        $texts | ForEach-Object { $_ | Should -BeLike 'PYB*' }
    }

    It 'Save-Firmware -Board ESP32_G offers ESP32_GENERIC and Pycom''s boards are there too' {
        (Complete 'Save-Firmware -Board ESP32_G').CompletionText | Should -Contain 'ESP32_GENERIC'
        (Complete 'Save-Firmware -Board WIP').CompletionText | Should -Contain 'WIPY'
    }
}
