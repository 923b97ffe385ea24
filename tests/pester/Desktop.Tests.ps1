# The module's Desktop folder (out/FirmwareTools/Desktop: System.Memory and the rest of what SharpZipLib needs and
# .NET Framework 4.8 lacks) is for Windows PowerShell 5.1 only. In pwsh nothing may load from it: pwsh's runtime has
# its own, newer copies, and a second System.Memory would split Span<T> in two. These tests run the module's zlib and
# tar paths in the real pwsh (a Pycom .tar.gz read by Get-FirmwareInfo: gzip inflate and tar; an ESP32 flash on a
# served virtual board: zlib deflate) and then read which files the process loaded its assemblies from.
# The other half (every reference binds on .NET Framework 4.8) is proven from metadata by
# tests/FirmwareTools.Tests/Contract/DesktopClosureTests.cs.
BeforeAll {
    $script:moduleFolder = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../out/FirmwareTools'))
    $script:desktopFolder = Join-Path $moduleFolder 'Desktop'
    Import-Module (Join-Path $moduleFolder 'FirmwareTools.psd1') -Force

    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ("ft-desktop-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null

    function script:New-Esp32Image([int] $DataLength, [int] $Seed) {
        # ESP32 app image: 24-byte header (magic 0xE9, one segment, DIO, 4 MB/40 MHz, entry, WP pin disabled,
        # chip id 0 = ESP32, revisions 0..0xFFFF, hash appended), one segment, padding to 16 with the XOR checksum
        # (seed 0xEF) last, then the SHA-256 of everything before it.
        $random = [System.Random]::new($Seed)
        $data = [byte[]]::new($DataLength)
        for ($i = 0; $i -lt $DataLength; $i++) { $data[$i] = if ($random.Next(4) -eq 0) { [byte]$random.Next(256) } else { [byte]($i % 17) } }
        $image = [System.Collections.Generic.List[byte]]::new()
        $image.AddRange([byte[]](0xE9, 1, 0x02, 0x20))
        $image.AddRange([System.BitConverter]::GetBytes([uint32]0x40080000))
        $image.AddRange([byte[]](0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 1))
        $image.AddRange([System.BitConverter]::GetBytes([uint32]0x3FFB0000))
        $image.AddRange([System.BitConverter]::GetBytes([uint32]$DataLength))
        $image.AddRange($data)
        $checksum = 0xEF
        foreach ($b in $data) { $checksum = $checksum -bxor $b }
        while ($image.Count % 16 -ne 15) { $image.Add(0) }
        $image.Add([byte]$checksum)
        $image.AddRange([System.Security.Cryptography.SHA256]::HashData($image.ToArray()))
        , $image.ToArray()
    }

    function script:New-PycomPackage([string] $Path, [hashtable[]] $Members) {
        # Written by .NET's own tar and gzip writers, not by the reader under test (SharpZipLib).
        $tar = [System.IO.MemoryStream]::new()
        $writer = [System.Formats.Tar.TarWriter]::new($tar, [System.Formats.Tar.TarEntryFormat]::Ustar, $true)
        foreach ($member in $Members) {
            $entry = [System.Formats.Tar.UstarTarEntry]::new([System.Formats.Tar.TarEntryType]::RegularFile, $member.Name)
            $entry.DataStream = [System.IO.MemoryStream]::new([byte[]]$member.Data)
            $writer.WriteEntry($entry)
        }
        $writer.Dispose()
        $file = [System.IO.File]::Create($Path)
        $gzip = [System.IO.Compression.GZipStream]::new($file, [System.IO.Compression.CompressionLevel]::Optimal)
        $gzip.Write($tar.ToArray(), 0, $tar.Length)
        $gzip.Dispose()
        $file.Dispose()
    }

    function script:Get-LoadedAssemblyFile {
        [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location } | ForEach-Object {
            [pscustomobject]@{ Name = $_.GetName().Name; Location = [System.IO.Path]::GetFullPath($_.Location) }
        }
    }
}

AfterAll {
    Remove-Module FirmwareTools -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $script:work
}

Describe 'The Desktop folder in pwsh' {
    It 'is in the built module with the five .NET Framework assemblies' {
        (Get-ChildItem $desktopFolder -Filter *.dll).Name | Sort-Object | Should -Be @(
            'System.Buffers.dll', 'System.Memory.dll', 'System.Numerics.Vectors.dll', 'System.Runtime.CompilerServices.Unsafe.dll', 'System.Threading.Tasks.Extensions.dll')
    }

    Context 'after a tar and gzip path (Get-FirmwareInfo on a Pycom .tar.gz)' {
        BeforeAll {
            $table = [byte[]]::new(3072)
            for ($i = 0; $i -lt $table.Length; $i++) { $table[$i] = 0xFF }
            $table[0] = 0xAA; $table[1] = 0x50
            $script4MB = '{"version": "2.1", "partitions": {"factory": ["0x10000", "0x1AE000"], "ota_0": ["0x1C0000", "0x1AE000"], "otadata": ["0x1BE000", "0x1000"]}, "script": [["e", "fs", "0x0"], ["w", "bootloader", "bootloader.bin"], ["w", "partitions", "partitions.bin"], ["w", "factory", "wipy.bin"]]}'
            $package = Join-Path $work 'WiPy-1.20.2.rc7.tar.gz'
            New-PycomPackage -Path $package -Members @(
                @{ Name = 'bootloader.bin'; Data = (New-Esp32Image -DataLength 8112 -Seed 30) }
                @{ Name = 'partitions.bin'; Data = $table }
                @{ Name = 'wipy.bin'; Data = (New-Esp32Image -DataLength 65456 -Seed 31) }
                @{ Name = 'script_4MB'; Data = [System.Text.Encoding]::UTF8.GetBytes($script4MB) }
            )
            $script:info = Get-FirmwareInfo -Path $package -ErrorAction Stop
        }

        It 'read the package through SharpZipLib' {
            $info.Format | Should -Be 'PycomPackage'
            $info.IsValid | Should -BeTrue
            $info.PycomPackage.Files.Name | Should -Be @('bootloader.bin', 'partitions.bin', 'wipy.bin', 'script_4MB')
            (Get-LoadedAssemblyFile | Where-Object Name -EQ 'ICSharpCode.SharpZipLib').Location | Should -Be (Join-Path $moduleFolder 'ICSharpCode.SharpZipLib.dll')
        }

        It 'loaded no assembly from the Desktop folder' {
            Get-LoadedAssemblyFile | Where-Object { $_.Location.StartsWith($desktopFolder + [System.IO.Path]::DirectorySeparatorChar) } | Should -BeNullOrEmpty
        }
    }

    Context 'after a zlib path (Install-Esp32Firmware on a virtual ESP32 served over RFC 2217)' {
        BeforeAll {
            $simulators = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../FirmwareTools.Simulators/bin/Release/net10.0/FirmwareTools.Simulators.dll'))
            if (-not (Test-Path $simulators)) { throw "Build the simulators first (dotnet build -c Release): $simulators is missing." }
            $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($argument in @($simulators, 'serve-esp32', '--port', '0', '--time-scale', '0', '--mode', 'rfc2217')) { $start.ArgumentList.Add($argument) }
            $start.RedirectStandardOutput = $true
            $start.UseShellExecute = $false
            $script:server = [System.Diagnostics.Process]::Start($start)
            # Blocks until the first line: the simulator prints its address once it listens (or ends, giving null).
            $line = $server.StandardOutput.ReadLine()
            if ($line -notmatch '^listening (rfc2217://\S+)$') { throw "serve-esp32 printed '$line' instead of its address." }
            $script:port = $Matches[1]

            $app = Join-Path $work 'app.bin'
            [System.IO.File]::WriteAllBytes($app, (New-Esp32Image -DataLength 65456 -Seed 32))
            $script:result = Install-Esp32Firmware -Port $port -Image @{ 0x10000 = $app } -Confirm:$false -ErrorAction Stop
        }

        AfterAll {
            if ($script:server) {
                if (-not $server.HasExited) { $server.Kill($true) }
                $server.WaitForExit()
                $server.Dispose()
            }
        }

        It 'flashed compressed and verified' {
            $result.Verified | Should -BeTrue
            $result.Port | Should -Be $port
        }

        It 'loaded no assembly from the Desktop folder, and System.Memory from pwsh''s own runtime' {
            $loaded = @(Get-LoadedAssemblyFile)
            $loaded | Where-Object { $_.Location.StartsWith($desktopFolder + [System.IO.Path]::DirectorySeparatorChar) } | Should -BeNullOrEmpty
            $runtime = [System.IO.Path]::GetFullPath([System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory())
            foreach ($name in 'System.Memory', 'ICSharpCode.SharpZipLib') {
                $loaded.Name | Should -Contain $name -Because "the flash path runs SharpZipLib's Deflater over spans"
            }
            ($loaded | Where-Object Name -EQ 'System.Memory').Location | Should -BeLike "$runtime*"
        }
    }
}
