# A virtual ESP32-C3 on its own USB-Serial/JTAG, in the real PowerShell (issue 17): serve-esp32 --chip esp32c3
# --connection usj --watchdog serves a C3 running MicroPython whose application armed the RTC watchdog, over RFC 2217,
# with its USB port (303A:1001, serial number = MAC) in a fake sysfs. Get-SerialPort shows the port's ids, and
# Install-Esp32Firmware resets the board into its ROM, disables the C3's watchdog (the module takes it from the chip it
# detects; it is not told), writes an image long enough that a watchdog left running would reset the chip mid-write
# (1 s of modelled chip work, 100 sectors), verifies it and says which connection it used (docs/protocols/esp32-family.md §3).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:folder = New-TestFolder
    $script:sysfs = Join-Path $folder 'sysfs'
    $script:c3 = Start-VirtualEsp32 -Mode rfc2217 -Arguments '--time-scale', '0', '--chip', 'esp32c3', '--connection', 'usj', '--repl', '--watchdog', '--sysfs', $sysfs
    $script:image = New-SampleEsp32Image -Path (Join-Path $folder 'ESP32_GENERIC_C3-test.bin') -Length 512KB -ChipId 5
}

AfterAll {
    $script:c3 | Stop-ServedBoard
    Remove-TestFolder $script:folder
}

Describe 'An ESP32-C3 on its USB-Serial/JTAG with its watchdog armed' {
    It 'Get-SerialPort shows 303A:1001 and the MAC as serial number' {
        $port = Invoke-WithSysfsRoot -Root $sysfs -ScriptBlock { Get-SerialPort } | Where-Object Port -eq '/dev/ttyACM0'
        $port | Should -Not -BeNullOrEmpty
        $port.Id | Should -Be '303a:1001'
        $port.SerialNumber | Should -Be '60:55:F9:01:02:03'
    }

    It 'Install-Esp32Firmware detects the C3, disables its watchdog, flashes, verifies and says USB-Serial/JTAG' {
        $result = Install-Esp32Firmware -Port $c3.Address -Path $image -Connection UsbSerialJtag -Confirm:$false -Verbose 4>&1
        $verbose = @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $installed = @($result | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $installed.Count | Should -Be 1
        $installed[0].Chip | Should -BeLike 'ESP32-C3*'
        $installed[0].Connection | Should -Be 'UsbSerialJtag'
        $installed[0].Verified | Should -BeTrue
        ($verbose | Where-Object { $_ -like '*USBJTAGSerialReset*' }) | Should -Not -BeNullOrEmpty
        ($verbose | Where-Object { $_ -like 'Disabling the RTC watchdog*' }) | Should -Not -BeNullOrEmpty
    }
}
