# Issue 16 in the real pwsh: what a user typing at a terminal saw go wrong, each proven where it happened.
# USB ids and addresses typed as a user types them (PowerShell's parser, not a test harness, turns 0483 into 483),
# one confirmation question that -Confirm:$false answers under `pwsh -NonInteractive`, the progress text, and the
# messages. Against the virtual boards of the simulators (serve-dfu, serve-esp32) on loopback, and sample firmware
# files written by the simulators' `samples` verb. Needs `dotnet build -c Release` first.
BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $manifest = Join-Path $repo 'out/FirmwareTools/FirmwareTools.psd1'
    $simulators = Join-Path $repo 'tests/FirmwareTools.Simulators/bin/Release/net10.0/FirmwareTools.Simulators.dll'
    Import-Module $manifest -Force

    # A simulator verb as a child process; its first line is "listening ADDRESS".
    function Start-Simulator([string[]] $Arguments) {
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $start.ArgumentList.Add($simulators)
        foreach ($a in $Arguments) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $line = $process.StandardOutput.ReadLine()
        if ($line -notmatch '^listening (\S+)$') { $process.Kill(); throw "simulator said '$line'" }
        [pscustomobject]@{ Process = $process; Address = $Matches[1] }
    }

    # A command typed into a fresh `pwsh -NonInteractive`, as a script or a scheduled job runs it: exit code and screen.
    function Invoke-Pwsh([string] $Command) {
        # This same pwsh: a native one, or the .NET tool package's pwsh.dll run by dotnet.
        $host_ = [Environment]::ProcessPath
        [string[]] $prefix = @()
        if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $text = "Import-Module '$manifest'; `$env:FIRMWARETOOLS_USB_BRIDGE = '$($script:dfu.Address)'; Set-Location '$TestDrive'; $Command"
        $screen = & $host_ @prefix -NoProfile -NonInteractive -Command $text 2>&1 | Out-String -Width 200
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Screen = $screen }
    }

    # Runs a script in this engine and keeps every stream, progress included (no redirection operator reaches it).
    function Invoke-Captured([string] $Script) {
        $ps = [powershell]::Create([System.Management.Automation.RunspaceMode]::NewRunspace)
        try {
            $null = $ps.AddScript("Import-Module '$manifest'; `$env:FIRMWARETOOLS_USB_BRIDGE = '$($script:dfu.Address)'; Set-Location '$TestDrive'; $Script")
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Verbose = @($ps.Streams.Verbose); Errors = @($ps.Streams.Error) }
        } finally { $ps.Dispose() }
    }

    # --stay-in-dfu: the board comes back in DFU mode after each install, so the tests can follow one another.
    $script:dfu = Start-Simulator 'serve-dfu', '--time-scale', '0.001', '--stay-in-dfu', '--serial', '3061B4493536'
    $script:esp32 = Start-Simulator 'serve-esp32', '--mode', 'raw', '--time-scale', '0.01'
    $env:FIRMWARETOOLS_USB_BRIDGE = $script:dfu.Address
    & dotnet $simulators samples --out $TestDrive | Out-Null

    # A sysfs-shaped tree with an FTDI, a CH340 and a pyboard port, for Get-SerialPort (FIRMWARETOOLS_SYSFS_ROOT).
    $script:sysfs = Join-Path $TestDrive 'sys'
    function Add-UsbSerial($Path, $Tty, $Driver, $Vid, $ProductId) {
        $device = Join-Path $sysfs "bus/usb/devices/$Path"
        $iface = Join-Path $sysfs "bus/usb/devices/${Path}:1.0"
        New-Item -ItemType Directory -Force -Path $device, $iface, (Join-Path $iface $Tty), (Join-Path $sysfs "class/tty/$Tty/device") | Out-Null
        Set-Content (Join-Path $device 'idVendor') $Vid
        Set-Content (Join-Path $device 'idProduct') $ProductId
        Set-Content (Join-Path $device 'busnum') ($Path -split '-')[0]
        Set-Content (Join-Path $iface 'bInterfaceNumber') '00'
        Set-Content (Join-Path $iface 'uevent') "DEVTYPE=usb_interface`nDRIVER=$Driver"
        Set-Content (Join-Path $sysfs "class/tty/$Tty/device/uevent") "DRIVER=$Driver"
        Set-Content (Join-Path $sysfs "class/tty/$Tty/dev") '188:0'
    }
    Add-UsbSerial '1-1.2' 'ttyUSB0' 'ftdi_sio' '0403' '6001'
    Add-UsbSerial '1-1.3' 'ttyUSB1' 'ch341' '1a86' '7523'
}

AfterAll {
    foreach ($s in $script:dfu, $script:esp32) { if ($s) { $s.Process.Kill(); $s.Process.WaitForExit() } }
    $env:FIRMWARETOOLS_USB_BRIDGE = $null
    $env:FIRMWARETOOLS_SYSFS_ROOT = $null
    Remove-Module FirmwareTools -ErrorAction SilentlyContinue
}

Describe 'USB ids are hex however they are typed (item 1)' {
    BeforeEach { $env:FIRMWARETOOLS_SYSFS_ROOT = $script:sysfs }
    AfterEach { $env:FIRMWARETOOLS_SYSFS_ROOT = $null }

    It 'Get-SerialPort -VendorId 0403 -ProductId 6001 finds the FTDI port' {
        (Get-SerialPort -VendorId 0403 -ProductId 6001).Port | Should -Be '/dev/ttyUSB0'
    }

    It 'Get-SerialPort -VendorId 1a86 -ProductId 7523 finds the CH340 port' {
        (Get-SerialPort -VendorId 1a86 -ProductId 7523).Port | Should -Be '/dev/ttyUSB1'
    }

    It 'Get-DfuDevice -VendorId 483 and $v = 0483 find the pyboard' {
        (Get-DfuDevice -VendorId 483).SerialNumber | Should -Be '3061B4493536'
        $v = 0483
        (Get-DfuDevice -VendorId $v -ProductId df11).SerialNumber | Should -Be '3061B4493536'
    }

    It '-Verbose says what was matched' {
        $verbose = Get-SerialPort -VendorId 0403 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'USB id 0403:\* against 2 port\(s\): /dev/ttyUSB0'
        $env:FIRMWARETOOLS_SYSFS_ROOT = $null
        $dfu = Get-DfuDevice -VendorId 1a86 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($dfu.Message -join "`n") | Should -Match 'matching 1a86:\*: found 0'
    }
}

Describe 'Flash addresses are hex however they are typed (item 4)' {
    BeforeAll { [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'part.bin'), [byte[]]::new(16384)) }

    It 'echoes -Address <Typed> in hex in the -WhatIf line' -ForEach @(
        @{ Typed = '08000000' }, @{ Typed = '0x08000000' }, @{ Typed = '134217728' }
    ) {
        $r = Invoke-Pwsh "Get-DfuDevice | Install-PyboardFirmware -Path ./part.bin -Address $Typed -WhatIf"
        $r.Screen | Should -Match 'What if: .*Flash part\.bin at 0x08000000 .*erase sector 0'
    }

    It 'says how a plain decimal address was read when it lies outside the flash' {
        $r = Invoke-Pwsh "Get-DfuDevice | Install-PyboardFirmware -Path ./part.bin -Address 8000000 -Confirm:`$false"
        $r.Screen | Should -Match '-Address 0x007A1200 \(8000000 as a decimal number\)'
    }
}

Describe 'Each installer refuses the other family by what the file is (item 3)' {
    It 'Install-PyboardFirmware refuses the ESP32 .bin, naming Install-Esp32Firmware' {
        $r = Invoke-Pwsh "Get-DfuDevice | Install-PyboardFirmware -Path ./ESP32_GENERIC-sample.bin -Address 0x08000000 -Confirm:`$false"
        $r.Screen | Should -Match 'is an ESP32 firmware image, not firmware for an STM32 pyboard'
        $r.Screen | Should -Match 'Install-Esp32Firmware'
        $r.Screen | Should -Not -Match 'erase'
    }

    It 'Install-PyboardFirmware refuses the Pycom .tar.gz' {
        (Invoke-Pwsh "Get-DfuDevice | Install-PyboardFirmware -Path ./WiPy-sample.tar.gz -Confirm:`$false").Screen | Should -Match 'is a Pycom firmware package'
    }

    It 'Install-Esp32Firmware calls a .dfu a DfuSe file for an STM32, naming Install-PyboardFirmware' {
        $r = Invoke-Pwsh "Install-Esp32Firmware -Port $($script:esp32.Address) -Path ./PYBV11-sample.dfu -Confirm:`$false"
        $r.Screen | Should -Match 'is a DfuSe file for an STM32'
        $r.Screen | Should -Match 'Install-PyboardFirmware'
    }
}

Describe 'One question per install, which -Confirm:$false answers (item 5)' {
    It 'restores a full backup under pwsh -NonInteractive with -Confirm:$false alone' {
        (Invoke-Pwsh "Get-DfuDevice | Backup-PyboardFirmware -Path ./full.bin -Force | Out-Null").ExitCode | Should -Be 0

        $r = Invoke-Pwsh "Install-PyboardFirmware -Path ./full.bin -Address 0x08000000 -Confirm:`$false; exit [int](-not `$?)"

        $r.Screen | Should -Not -Match 'Read and Prompt functionality is not available'
        $r.Screen | Should -Match 'rewrites the pyboard''s whole filesystem .* with the copy the file holds'
        $r.Screen | Should -Not -Match 'your files there will be lost'
        $r.ExitCode | Should -Be 0
    }

    It 'a full erase needs no second answer either' {
        $r = Invoke-Pwsh "Get-DfuDevice | Install-PyboardFirmware -Path ./PYBV11-sample.dfu -FullErase -Confirm:`$false | ForEach-Object MassErased"
        $r.Screen | Should -Match 'WARNING: Installing .* wipes the pyboard''s filesystem .* with a full erase'
        ($r.Screen -split "`n")[-2].Trim() | Should -Be 'True'
        $r.Screen | Should -Not -Match 'Read and Prompt functionality is not available'
    }
}

Describe 'Progress names the phase first and carries the counts (item 6)' {
    It 'an install shows "Write 0483:df11 3061B4493536" with bytes in the status' {
        $r = Invoke-Captured 'Get-DfuDevice | Install-PyboardFirmware -Path ./PYBV11-sample.dfu -Confirm:$false'
        $writes = $r.Progress | Where-Object Activity -Like 'Write*'
        $writes.Activity | Select-Object -Unique | Should -Be 'Write 0483:df11 3061B4493536'
        ($writes | Where-Object RecordType -EQ Processing).StatusDescription | ForEach-Object { $_ | Should -Match '^\d+ of \d+ bytes, [\d.]+ (B|KiB|MiB)/s$' }
    }

    It 'Get-DeviceVersion counts boards, not bytes' {
        $r = Invoke-Captured "Get-DeviceVersion -Port $($script:esp32.Address) -Timeout 1"
        $r.Progress.StatusDescription | Should -Contain '0 of 1 boards'
        ($r.Progress.StatusDescription -join ' ') | Should -Not -Match 'bytes|B/s'
    }
}

Describe 'socket:// ports (item 8)' {
    It 'keeps the connect rate on a raw socket unless -FlashBaudRate is given, and says so' {
        $r = Invoke-Captured "Install-Esp32Firmware -Port $($script:esp32.Address) -Path ./ESP32_GENERIC-sample.bin -Confirm:`$false -Verbose"
        $r.Errors | Should -BeNullOrEmpty
        $r.Output[0].BaudRate | Should -Be 115200
        $r.Output[0].Verified | Should -BeTrue
        ($r.Verbose.Message -join "`n") | Should -Match 'keeping 115200 baud .*-FlashBaudRate'
    }

    It 'a mistyped host gets a network hint, not Get-SerialPort''s list' {
        $r = Invoke-Pwsh 'Install-Esp32Firmware -Port socket://no-such-host.invalid:4000 -Path ./ESP32_GENERIC-sample.bin -Confirm:$false -ErrorAction Continue; $Error[0].ErrorDetails.RecommendedAction'
        $r.Screen | Should -Match 'cannot be reached'
        $r.Screen | Should -Match 'Check the host name'
        $r.Screen | Should -Not -Match 'Get-SerialPort lists'
    }
}

Describe 'Smaller messages (item 10)' {
    It 'Get-FirmwareInfo on a folder calls it a folder' {
        New-Item -ItemType Directory -Force (Join-Path $TestDrive 'fw') | Out-Null
        (Invoke-Pwsh 'Get-FirmwareInfo -Path ./fw').Screen | Should -Match 'is a folder, not a firmware file'
    }

    It 'Backup-PyboardFirmware into a missing folder is refused without -Force' {
        $r = Invoke-Pwsh 'Get-DfuDevice | Backup-PyboardFirmware -Path ./nonexistent/dir/b.bin -Length 16'
        $r.Screen | Should -Match 'does not exist\. Nothing was read or written'
        Test-Path (Join-Path $TestDrive 'nonexistent') | Should -BeFalse
    }
}

Describe 'Help (item 11)' {
    It 'states the defaults the code has' {
        (Get-Help Get-DeviceVersion -Parameter BaudRate).defaultValue | Should -Be '115200'
        (Get-Help Get-DeviceVersion -Parameter Timeout).defaultValue | Should -Be '5'
        (Get-Help Get-DeviceVersion -Parameter ThrottleLimit).defaultValue | Should -Be '4'
    }

    It 'about_FirmwareTools names every cmdlet and does not send the reader to the README' {
        $about = Get-Help about_FirmwareTools | Out-String -Width 400
        foreach ($c in (Get-Command -Module FirmwareTools).Name) { $about | Should -Match $c }
        $about | Should -Not -Match 'See the README'
    }

    It '-Online has somewhere to go' {
        (Get-Command Get-DfuDevice).HelpUri | Should -Be 'https://github.com/firmwaretools/FirmwareTools/blob/main/docs/help/Get-DfuDevice.md'
    }
}
