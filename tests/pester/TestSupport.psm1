# Helpers shared by the Pester files in tests/pester: the repository's paths, temporary folders, the simulators'
# served boards (started on port 0; the address is the line the server prints, never a guess or a sleep), the
# real MicroPython REPL bridge, and sample firmware files. Each *.Tests.ps1 imports this module in its BeforeAll
# and stays runnable on its own (tools/run-pester.sh tests/pester/X.Tests.ps1).
Set-StrictMode -Version Latest

# How long a served board may take to print its address before the test fails (a process start on a loaded
# 2-core machine). A bound for a failure, not a wait for a state: the line arrives as soon as the port is open.
$script:StartTimeout = [TimeSpan]::FromSeconds(60)

function Get-RepoRoot {
    <# The repository root (the folder holding FirmwareTools.sln). #>
    (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
}

function Get-BuiltModulePath {
    <# out/FirmwareTools/FirmwareTools.psd1, built by `dotnet build -c Release`; a clear error when it is missing. #>
    $manifest = Join-Path (Get-RepoRoot) 'out/FirmwareTools/FirmwareTools.psd1'
    if (-not (Test-Path $manifest)) { throw "$manifest is missing: build the module first (dotnet build -c Release)." }
    $manifest
}

function New-TestFolder {
    <# A new empty folder under the system temp folder; remove it with Remove-TestFolder. #>
    param([string] $Prefix = 'ft-pester-')
    [System.IO.Directory]::CreateTempSubdirectory($Prefix).FullName
}

function Remove-TestFolder {
    param([string] $Path)
    if ($Path -and (Test-Path -LiteralPath $Path)) { Remove-Item -LiteralPath $Path -Recurse -Force }
}

function Start-ServedProcess {
    <#
    Starts a program that prints "listening ADDRESS" once it serves, and returns @{ Process; Address; Output }
    as soon as that line is printed. Fails, naming the program and what it printed, when it exits first or
    prints nothing within the start timeout. Stop it with Stop-ServedBoard.
    #>
    param([Parameter(Mandatory)] [string] $FileName, [Parameter(Mandatory)] [string[]] $Arguments, [string] $Name = $FileName)
    $info = [System.Diagnostics.ProcessStartInfo]::new($FileName)
    foreach ($a in $Arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $info.WorkingDirectory = Get-RepoRoot
    $process = [System.Diagnostics.Process]::Start($info)
    # Standard error is drained in the background so a chatty server can never block on a full pipe.
    $stderr = $process.StandardError.ReadToEndAsync()
    $seen = [System.Collections.Generic.List[string]]::new()
    $deadline = [DateTime]::UtcNow + $script:StartTimeout
    while ($true) {
        $read = $process.StandardOutput.ReadLineAsync()
        $left = $deadline - [DateTime]::UtcNow
        if ($left -le [TimeSpan]::Zero -or -not $read.Wait($left)) {
            $process.Kill($true)
            throw "$Name printed no 'listening' line within $($script:StartTimeout.TotalSeconds) s; it printed: $($seen -join ' | ')"
        }
        $line = $read.Result
        if ($null -eq $line) {
            $process.WaitForExit()
            throw "$Name exited with code $($process.ExitCode) before serving; it printed: $($seen -join ' | ') $($stderr.Result)"
        }
        $seen.Add($line)
        if ($line -match '^listening (\S+)$') {
            return [pscustomobject]@{ Name = $Name; Process = $process; Address = $Matches[1]; Output = $seen }
        }
    }
}

function Get-SimulatorsPath {
    $dll = Join-Path (Get-RepoRoot) 'tests/FirmwareTools.Simulators/bin/Release/net10.0/FirmwareTools.Simulators.dll'
    if (-not (Test-Path $dll)) { throw "$dll is missing: build it first (dotnet build -c Release)." }
    $dll
}

function Start-VirtualPyboard {
    <#
    serve-dfu: a virtual STM32F405 bootloader behind the loopback USB bridge. Returns the served object; its
    Address (127.0.0.1:PORT) is what FIRMWARETOOLS_USB_BRIDGE takes.
    #>
    param([string[]] $Arguments = @())
    Start-ServedProcess -FileName 'dotnet' -Arguments (@((Get-SimulatorsPath), 'serve-dfu', '--port', '0') + $Arguments) -Name 'serve-dfu'
}

function Start-VirtualEsp32 {
    <# serve-esp32: a virtual ESP32-D0WDQ6 on loopback; Address is socket://127.0.0.1:PORT (raw) or rfc2217://... #>
    param([ValidateSet('raw', 'rfc2217')] [string] $Mode = 'rfc2217', [string[]] $Arguments = @())
    Start-ServedProcess -FileName 'dotnet' -Arguments (@((Get-SimulatorsPath), 'serve-esp32', '--port', '0', '--mode', $Mode) + $Arguments) -Name 'serve-esp32'
}

function Start-MicroPythonBoard {
    <#
    The real MicroPython interpreter (npm webassembly build, tests/peers) as a serial board on loopback, with a
    pyboard-shaped os.uname(). Returns the served object; its Port property is socket://127.0.0.1:PORT.
    #>
    $script = Join-Path (Get-RepoRoot) 'tests/peers/micropython-repl-bridge.js'
    $served = Start-ServedProcess -FileName 'node' -Arguments @($script, '--port', '0', '--uname-like-pyboard') -Name 'micropython-repl-bridge'
    $served | Add-Member -NotePropertyName Port -NotePropertyValue "socket://$($served.Address)" -PassThru
}

function Start-ServedLab {
    <#
    The simulators' serve-lab at time scale 0 with $Arguments: reads its lines until it has listed $Boards boards, sets
    each `env NAME=VALUE` it prints in this process (remembering the value it replaces) and returns @{ Process; Boards
    (Kind, Port, Version); Ports; Variables; Saved }. Fails on a line it does not know or when serve-lab ends first.
    Stop-ServedLab puts the variables back and stops it.
    #>
    param([Parameter(Mandatory)] [int] $Boards, [string[]] $Arguments = @())
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @((Get-SimulatorsPath), 'serve-lab', '--time-scale', '0') + $Arguments) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $listed = [System.Collections.Generic.List[object]]::new()
    $saved = [ordered]@{}
    $lab = [pscustomobject]@{ Process = $process; Boards = @(); Ports = @(); Variables = @(); Saved = $saved }
    try {
        while ($listed.Count -lt $Boards) {
            $line = $process.StandardOutput.ReadLine()
            if ($null -eq $line) { throw "serve-lab $($Arguments -join ' ') ended before it listed $Boards boards" }
            if ($line -match '^env ([A-Z_]+)=(.+)$') {
                $saved[$Matches[1]] = [Environment]::GetEnvironmentVariable($Matches[1])
                [Environment]::SetEnvironmentVariable($Matches[1], $Matches[2])
            }
            elseif ($line -match '^board (\S+) (\S+) (v\S+)$') {
                $listed.Add([pscustomobject]@{ Kind = $Matches[1]; Port = $Matches[2]; Version = $Matches[3] })
            }
            else { throw "serve-lab printed an unexpected line: $line" }
        }
    }
    catch {
        $lab | Stop-ServedLab # never leave it running (it holds this process's standard error)
        throw
    }
    $lab.Boards = $listed.ToArray()
    $lab.Ports = @($listed.Port)
    $lab.Variables = @($saved.Keys)
    $lab
}

function Stop-ServedLab {
    <# Puts back the variables Start-ServedLab set and stops serve-lab. #>
    param([Parameter(ValueFromPipeline)] $Lab)
    process {
        if ($null -eq $Lab) { return }
        foreach ($name in @($Lab.Saved.Keys)) { [Environment]::SetEnvironmentVariable($name, $Lab.Saved[$name]) }
        if (-not $Lab.Process.HasExited) { $Lab.Process.Kill($true) }
        $Lab.Process.WaitForExit()
        $Lab.Process.Dispose()
    }
}

function Stop-ServedBoard {
    <# Stops a process started by Start-ServedProcess (and its children) and waits until it has exited. #>
    param([Parameter(ValueFromPipeline)] $Served)
    process {
        if ($null -eq $Served) { return }
        if (-not $Served.Process.HasExited) { $Served.Process.Kill($true) }
        $Served.Process.WaitForExit()
        $Served.Process.Dispose()
    }
}

function New-SampleDfuFile {
    <#
    A DfuSe file shaped like MicroPython's PYBV11 .dfu (vectors at 0x08000000, text at 0x08020000), written by the
    module's own DfuSe writer (Debian's dfu-suffix judges that writer in the xunit suite).
    #>
    param([Parameter(Mandatory)] [string] $Path, [int] $TextLength = 64KB)
    $random = [System.Random]::new(2)
    $vectors = [byte[]]::new(512); $random.NextBytes($vectors)
    [BitConverter]::GetBytes([uint32]0x20020000).CopyTo($vectors, 0)
    $text = [byte[]]::new($TextLength); $random.NextBytes($text)
    $elements = [System.Collections.Generic.List[FirmwareTools.Protocols.Images.DfuSeElement]]::new()
    $elements.Add([FirmwareTools.Protocols.Images.DfuSeElement]::new(0x08000000, $vectors))
    $elements.Add([FirmwareTools.Protocols.Images.DfuSeElement]::new(0x08020000, $text))
    $target = [FirmwareTools.Protocols.Images.DfuSeTarget]::new(0, 'ST...', $elements)
    [FirmwareTools.Protocols.Images.DfuSeFile]::WriteFile($Path, [FirmwareTools.Protocols.Images.DfuSeTarget[]]@($target))
    Get-Item -LiteralPath $Path
}

function New-SampleEsp32Image {
    <#
    A valid ESP32 application image of exactly $Length bytes (the layout of docs/protocols' ESP32 image: a 24-byte
    header for chip id $ChipId (0, the ESP32, unless given), one segment, the XOR checksum (seed 0xEF) at 15 mod 16, then the appended SHA-256),
    as MicroPython's merged .bin starts with one. Written at 0x1000 by Install-Esp32Firmware.
    #>
    param([Parameter(Mandatory)] [string] $Path, [int] $Length = 16KB, [uint32] $LoadAddress = 0x3FFF0000, [uint16] $ChipId = 0)
    $headerLength = 24; $segmentHeaderLength = 8
    $segment = $Length - 32 - $headerLength - $segmentHeaderLength - 16
    $image = [byte[]]::new($Length - 32)
    [byte[]] $header = 0xE9, 1, 0x02, 0x20, 0x00, 0x00, 0x08, 0x40, 0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 1
    [BitConverter]::GetBytes($ChipId).CopyTo($header, 12) # the image's chip id: 0 ESP32, 5 ESP32-C3, 9 ESP32-S3
    $header.CopyTo($image, 0)
    [BitConverter]::GetBytes($LoadAddress).CopyTo($image, $headerLength)
    [BitConverter]::GetBytes([uint32]$segment).CopyTo($image, $headerLength + 4)
    $data = [byte[]]::new($segment)
    [System.Random]::new(0xE5B2).NextBytes($data)
    $data.CopyTo($image, $headerLength + $segmentHeaderLength)
    $checksum = 0xEF
    foreach ($b in $data) { $checksum = $checksum -bxor $b }
    $image[$image.Length - 1] = [byte]$checksum
    $sha = [System.Security.Cryptography.SHA256]::HashData($image)
    [System.IO.File]::WriteAllBytes($Path, [byte[]]($image + $sha))
    Get-Item -LiteralPath $Path
}

function Get-RenderedLines {
    <#
    What the real host prints for $InputObject through the given formatter at the given console width:
    Out-String -Width, split into lines, blank lines dropped.
    #>
    param([Parameter(Mandatory)] $InputObject, [ValidateSet('Table', 'List')] [string] $View = 'Table', [int] $Width = 80)
    $formatted = if ($View -eq 'Table') { $InputObject | Format-Table } else { $InputObject | Format-List }
    ($formatted | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() }
}

function Get-ModuleType {
    <# A public type of the loaded module's assemblies by its short name (FirmwareFile), wherever its namespace is. #>
    param([Parameter(Mandatory)] [string] $Name)
    $type = [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -like 'FirmwareTools*' -and -not $_.IsDynamic } |
        ForEach-Object { $_.GetExportedTypes() } | Where-Object Name -EQ $Name | Select-Object -First 1
    if (-not $type) { throw "No public type '$Name' in the loaded FirmwareTools assemblies." }
    $type
}

function Invoke-WithSysfsRoot {
    <#
    Runs $ScriptBlock (in the caller's scope, e.g. { Get-SerialPort }) with FIRMWARETOOLS_SYSFS_ROOT pointed at $Root,
    and puts the variable back whatever happens: the module reads it at each listing, so only this run sees the tree.
    #>
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    $before = $env:FIRMWARETOOLS_SYSFS_ROOT
    try {
        $env:FIRMWARETOOLS_SYSFS_ROOT = $Root
        & $ScriptBlock
    }
    finally { $env:FIRMWARETOOLS_SYSFS_ROOT = $before }
}

function New-FakeSysfs {
    <#
    A folder shaped like Linux's /sys for FIRMWARETOOLS_SYSFS_ROOT, holding one USB serial adapter per entry of
    $Ports (@{ Path = '1-1.2'; Tty = 'ttyUSB0'; Driver = 'cp210x'; Vid = '10c4'; Pid = 'ea60'; Serial; Manufacturer;
    Product }), laid out as the kernel does (cdc_acm puts the tty under tty/, usb-serial drivers in the interface).
    #>
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [hashtable[]] $Ports)
    function Write-Attribute([string] $Relative, [string] $Content) {
        $file = Join-Path $Root $Relative
        $null = New-Item -ItemType Directory -Force -Path (Split-Path $file)
        [System.IO.File]::WriteAllText($file, "$Content`n")
    }
    foreach ($port in $Ports) {
        $device = "bus/usb/devices/$($port.Path)"
        $interface = "bus/usb/devices/$($port.Path):1.0"
        Write-Attribute "$device/idVendor" $port.Vid
        Write-Attribute "$device/idProduct" $port.Pid
        Write-Attribute "$device/busnum" ($port.Path -split '-')[0]
        foreach ($name in 'Serial', 'Manufacturer', 'Product') {
            if ($port[$name]) { Write-Attribute "$device/$($name.ToLowerInvariant())" $port[$name] }
        }
        Write-Attribute "$interface/bInterfaceNumber" '00'
        Write-Attribute "$interface/uevent" "DEVTYPE=usb_interface`nDRIVER=$($port.Driver)"
        $tty = if ($port.Driver -eq 'cdc_acm') { "$interface/tty/$($port.Tty)" } else { "$interface/$($port.Tty)" }
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $Root $tty)
        Write-Attribute "class/tty/$($port.Tty)/device/uevent" $(if ($port.Driver -eq 'cdc_acm') { "DEVTYPE=usb_interface`nDRIVER=$($port.Driver)" } else { "DRIVER=$($port.Driver)" })
        Write-Attribute "class/tty/$($port.Tty)/dev" '188:0'
    }
    $Root
}

function Invoke-ChildPwsh {
    <#
    Runs $Command in a new process of this same pwsh (-NoProfile -NonInteractive) and returns
    @{ ExitCode; Output (stdout and stderr lines) }. $Environment entries are set for the child only.
    #>
    param([Parameter(Mandatory)] [string] $Command, [hashtable] $Environment = @{}, [string] $WorkingDirectory = (Get-RepoRoot))
    $info = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($a in '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', $Command) { $info.ArgumentList.Add($a) }
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string]$Environment[$key] }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.WorkingDirectory = $WorkingDirectory
    $process = [System.Diagnostics.Process]::Start($info)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = ("$stdout$($stderr.Result)" -split '\r?\n') }
}

function Start-ResultBench {
    <#
    A bench that yields one of every result type the module outputs, made by the real cmdlets against served
    virtual boards: serve-dfu (a pyboard), two serve-esp32 over RFC 2217 (two ESP32 boards flashed in one call, so
    their rows differ only by port), the real MicroPython REPL bridge, and a fake sysfs with two USB serial adapters.
    Sets FIRMWARETOOLS_USB_BRIDGE while it runs; Stop-ResultBench stops the servers and restores it.
    Results: Device, Info (a DfuSe file), Esp32Info (an ESP32 image), Backup, Install (a full restore: sectors 0-11; -NoReset,
    so the board stays in DFU mode for the tests that list it),
    Esp32 (two results), Region, Version, Ports, Release, File.
    #>
    $bench = [pscustomobject]@{ Folder = (New-TestFolder); Servers = [System.Collections.Generic.List[object]]::new(); Results = @{}; Bridge = $env:FIRMWARETOOLS_USB_BRIDGE; Sysfs = $env:FIRMWARETOOLS_SYSFS_ROOT }
    try {
        $dfu = Start-VirtualPyboard -Arguments '--time-scale', '0'; $bench.Servers.Add($dfu)
        $esp1 = Start-VirtualEsp32 -Mode rfc2217 -Arguments '--time-scale', '0'; $bench.Servers.Add($esp1)
        $esp2 = Start-VirtualEsp32 -Mode rfc2217 -Arguments '--time-scale', '0'; $bench.Servers.Add($esp2)
        $repl = Start-MicroPythonBoard; $bench.Servers.Add($repl)
        $folder = $bench.Folder
        $r = $bench.Results
        $env:FIRMWARETOOLS_USB_BRIDGE = $dfu.Address
        $r.Device = Get-DfuDevice -ErrorAction Stop
        $dfuFile = New-SampleDfuFile -Path (Join-Path $folder 'PYBV11-20240222-v1.22.2.dfu')
        $r.Info = Get-FirmwareInfo -Path $dfuFile -ErrorAction Stop
        $image = New-SampleEsp32Image -Path (Join-Path $folder 'ESP32_GENERIC-20240222-v1.22.2.bin')
        $r.Esp32Info = Get-FirmwareInfo -Path $image -ErrorAction Stop
        $r.Backup = $r.Device | Backup-PyboardFirmware -Path (Join-Path $folder 'backup.bin') -ErrorAction Stop
        $r.Install = $r.Device | Install-PyboardFirmware -Path $r.Backup.Path -Address 0x08000000 -NoReset -Confirm:$false -Force -WarningAction SilentlyContinue -ErrorAction Stop
        $r.Esp32 = Install-Esp32Firmware -Port $esp1.Address, $esp2.Address -Path $image -Confirm:$false -ErrorAction Stop
        $r.Region = $r.Esp32[0].Regions[0]
        $r.Version = Get-DeviceVersion -Port $repl.Port -ErrorAction Stop
        $sysfs = New-FakeSysfs -Root (Join-Path $folder 'sys') -Ports @(
            @{ Path = '1-1.2'; Tty = 'ttyUSB0'; Driver = 'cp210x'; Vid = '10c4'; Pid = 'ea60'; Serial = '0001'; Manufacturer = 'Silicon Labs'; Product = 'CP2102N USB to UART Bridge Controller' }
            @{ Path = '1-1.3'; Tty = 'ttyUSB1'; Driver = 'cp210x'; Vid = '10c4'; Pid = 'ea60'; Serial = '0002'; Manufacturer = 'Silicon Labs'; Product = 'CP2102N USB to UART Bridge Controller' })
        $env:FIRMWARETOOLS_SYSFS_ROOT = $sysfs
        $r.Ports = Get-SerialPort -ErrorAction Stop | Where-Object IsUsb
        $env:FIRMWARETOOLS_SYSFS_ROOT = $bench.Sysfs
        $release = Get-ModuleType FirmwareRelease
        $r.Release = $release::new('PYBV11', $null, '1.22.2', [datetime]'2024-02-22', $false, [uri]'https://micropython.org/resources/firmware/PYBV11-20240222-v1.22.2.dfu', 'PYBV11-20240222-v1.22.2.dfu', 'MicroPython')
        $file = Get-ModuleType FirmwareFile
        $r.File = $file::new($dfuFile.FullName, 'PYBV11', $null, '1.22.2', 'MicroPython', $r.Info.Length, $r.Info.Sha256, [uri]'https://micropython.org/resources/firmware/PYBV11-20240222-v1.22.2.dfu')
        $bench
    } catch {
        Stop-ResultBench $bench
        throw
    }
}

function Stop-ResultBench {
    param($Bench)
    if ($null -eq $Bench) { return }
    $Bench.Servers | Stop-ServedBoard
    $env:FIRMWARETOOLS_USB_BRIDGE = $Bench.Bridge
    $env:FIRMWARETOOLS_SYSFS_ROOT = $Bench.Sysfs
    Remove-TestFolder $Bench.Folder
}

Export-ModuleMember -Function Start-ResultBench, Stop-ResultBench, Get-RepoRoot, Get-BuiltModulePath, New-TestFolder, Remove-TestFolder, Start-ServedProcess,
    Start-VirtualPyboard, Start-VirtualEsp32, Start-MicroPythonBoard, Stop-ServedBoard, Start-ServedLab, Stop-ServedLab, New-SampleDfuFile,
    New-SampleEsp32Image, Get-RenderedLines, Get-ModuleType, New-FakeSysfs, Invoke-WithSysfsRoot, Invoke-ChildPwsh
