# A board on its own USB-Serial/JTAG, in the real PowerShell: serve-esp32 --connection usj serves a virtual board running
# MicroPython over RFC 2217, with its USB port (303A:1001, serial number = MAC) listed in a fake sysfs. Get-SerialPort
# shows the port's ids; Install-Esp32Firmware -Connection UsbSerialJtag resets the running board into its ROM with the
# USB-Serial/JTAG sequence (no --watchdog here: the virtual chip is an ESP32, which has no USB-Serial/JTAG of its own
# and whose watchdog the module does not disable; Esp32C3Usj.Tests.ps1 runs a C3 with its watchdog armed) and says in
# its result which connection it used (docs/protocols/esp32-family.md §3).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:folder = New-TestFolder
    $script:sysfs = Join-Path $folder 'sysfs'
    $script:usj = Start-VirtualEsp32 -Mode rfc2217 -Arguments '--time-scale', '0', '--connection', 'usj', '--repl', '--sysfs', $sysfs
    $script:image = New-SampleEsp32Image -Path (Join-Path $folder 'ESP32_GENERIC_C3-test.bin')
}

AfterAll {
    $script:usj | Stop-ServedBoard
    Remove-TestFolder $script:folder
}

Describe 'A board on its USB-Serial/JTAG' {
    It 'Get-SerialPort shows the USB-Serial/JTAG ids and the MAC as serial number' {
        $port = Invoke-WithSysfsRoot -Root $sysfs -ScriptBlock { Get-SerialPort } | Where-Object Port -eq '/dev/ttyACM0'
        $port | Should -Not -BeNullOrEmpty
        $port.Id | Should -Be '303a:1001'
        $port.SerialNumber | Should -Be '30:AE:A4:00:86:68'
    }

    It 'Install-Esp32Firmware -Connection UsbSerialJtag resets the running MicroPython into the ROM, flashes, verifies and says USB-Serial/JTAG' {
        $result = Install-Esp32Firmware -Port $usj.Address -Path $image -Connection UsbSerialJtag -Confirm:$false -Verbose 4>&1
        $verbose = @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $installed = @($result | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $installed.Count | Should -Be 1
        $installed[0].Connection | Should -Be 'UsbSerialJtag'
        $installed[0].Verified | Should -BeTrue
        $verbose | Should -Contain 'Connection: USB-Serial/JTAG (as given).'
        ($verbose | Where-Object { $_ -like '*USBJTAGSerialReset*' }) | Should -Not -BeNullOrEmpty
        ($verbose | Where-Object { $_ -like 'Changing the baud rate*' }) | Should -BeNullOrEmpty
    }
}
