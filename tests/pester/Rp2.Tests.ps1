# The Raspberry Pi Pico cmdlets in the real pwsh against a virtual Pico served by `FirmwareTools.Simulators serve-rp2`
# (an RP2040 boot ROM in BOOTSEL mode over the loopback USB bridge), as a user tries the module without a board.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    $simulators = Join-Path $PSScriptRoot '../FirmwareTools.Simulators/bin/Release/net10.0/FirmwareTools.Simulators.dll'

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($simulators, 'serve-rp2', '--chip', 'rp2040', '--port', '0', '--time-scale', '0')) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $script:server = [System.Diagnostics.Process]::Start($start)
    $line = $script:server.StandardOutput.ReadLine()
    if ($line -notmatch '^listening (127\.0\.0\.1:\d+)$') { throw "serve-rp2 did not start: $line" }
    $script:bridge = $Matches[1]
    $env:FIRMWARETOOLS_USB_BRIDGE = $script:bridge

    # A UF2 of 256-byte RP2040 pages (family 0xE48BFF56), written block by block as the UF2 specification lays it out.
    function New-Uf2([byte[]] $image, [uint32] $address) {
        $pages = [int][Math]::Ceiling($image.Length / 256)
        $file = [byte[]]::new($pages * 512)
        for ($i = 0; $i -lt $pages; $i++) {
            $block = $i * 512
            $fields = [uint32[]]@(0x0A324655u, 0x9E5D5157u, 0x00002000u, ($address + $i * 256), 256, $i, $pages, 0xE48BFF56u)
            for ($f = 0; $f -lt 8; $f++) { [BitConverter]::GetBytes($fields[$f]).CopyTo($file, $block + $f * 4) }
            $count = [Math]::Min(256, $image.Length - $i * 256)
            [Array]::Copy($image, $i * 256, $file, $block + 32, $count)
            [BitConverter]::GetBytes(0x0AB16F30u).CopyTo($file, $block + 508)
        }
        , $file
    }

    $script:folder = Join-Path ([System.IO.Path]::GetTempPath()) ("rp2-pester-" + [Guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:folder | Out-Null
    $script:image = [byte[]]::new(20000)
    [Random]::new(7).NextBytes($script:image)
    [System.IO.File]::WriteAllBytes((Join-Path $script:folder 'RPI_PICO-test.uf2'), (New-Uf2 $script:image 0x10000000))
    [System.IO.File]::WriteAllBytes((Join-Path $script:folder 'RPI_PICO-test.bin'), $script:image)
}

AfterAll {
    $env:FIRMWARETOOLS_USB_BRIDGE = $null
    if ($script:server -and -not $script:server.HasExited) { $script:server.Kill($true); $script:server.WaitForExit() }
    Remove-Item -Recurse -Force $script:folder -ErrorAction SilentlyContinue
    Remove-Module FirmwareTools -ErrorAction SilentlyContinue
}

Describe 'Raspberry Pi Pico cmdlets against serve-rp2' {
    It 'lists the virtual RP2040 in BOOTSEL mode with its ROM serial and PICOBOOT reachable' {
        $board = Get-Rp2Device
        $board.Chip | Should -Be 'Rp2040'
        $board.SerialNumber | Should -Be 'E0C9125B0D9B'
        $board.Location | Should -Be $script:bridge
        $board.PicobootReachable | Should -BeTrue
    }

    It 'describes the UF2 with Get-FirmwareInfo' {
        $info = Get-FirmwareInfo -Path (Join-Path $script:folder 'RPI_PICO-test.uf2')
        $info.Format | Should -Be 'Uf2'
        $info.IsValid | Should -BeTrue
        $info.Uf2.Chip | Should -Be 'Rp2040'
        $info.Uf2.Family | Should -Be 'RP2040 (0xE48BFF56)'
        $info.FirmwareLength | Should -Be (79 * 256)
    }

    It 'writes the UF2 over PICOBOOT, reads it back and reboots the board' {
        $result = Get-Rp2Device | Install-Rp2Firmware -Path (Join-Path $script:folder 'RPI_PICO-test.uf2') -Board RPI_PICO -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Method | Should -Be 'Picoboot'
        $result.Verified | Should -BeTrue
        $result.Verification | Should -Be 'read back'
        $result.Rebooted | Should -BeTrue
        $result.SectorsErased | Should -Be 5
        # Random bytes have no valid boot2 CRC: the module says the board will come back in BOOTSEL, and it does.
        ($warnings -join "`n") | Should -BeLike '*boot2*BOOTSEL*'
        (Get-Rp2Device).Chip | Should -Be 'Rp2040'
    }

    It 'backs the flash up and it holds the firmware just written' {
        $backup = Join-Path $script:folder 'pico.bin'
        $result = Backup-Rp2Firmware -Path $backup -Confirm:$false
        $result.Length | Should -Be (2MB)
        $bytes = [System.IO.File]::ReadAllBytes($backup)
        [System.Linq.Enumerable]::SequenceEqual([byte[]]$bytes[0..19999], $script:image) | Should -BeTrue
        Test-Path ($backup + '.json') | Should -BeTrue
    }

    It 'refuses a .bin given as the firmware, naming the file, and writes nothing' {
        $err = $null
        Install-Rp2Firmware -Path (Join-Path $script:folder 'RPI_PICO-test.bin') -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Uf2FileInvalid*'
        $err[0].Exception.Message | Should -BeLike '*RPI_PICO-test.bin*not a .uf2 file*'
    }
}
