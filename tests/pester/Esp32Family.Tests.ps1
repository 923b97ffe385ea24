# The ESP32 family in the real pwsh (docs/protocols/esp32-family.md): Install-Esp32Firmware on a `serve-esp32 --chip
# esp32s3` board over socket://, the merged .bin landing at the S3's bootloader offset 0x0 without an offset from the
# user, Get-FirmwareInfo naming the chip a file is for, and an ESP32 .bin refused on the S3 with its ErrorId.
# Needs `dotnet build -c Release` first.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:folder = New-TestFolder
    $script:s3 = Start-VirtualEsp32 -Mode raw -Arguments '--chip', 'esp32s3', '--time-scale', '0.01'

    # A sample image made for the S3: the header's chip id (bytes 12-13) is 9, the appended SHA-256 computed again.
    function New-S3Image([string] $Path) {
        $esp32 = New-SampleEsp32Image -Path (Join-Path $script:folder 'esp32-sample.bin') -Length 48KB
        $bytes = [System.IO.File]::ReadAllBytes($esp32.FullName)
        $bytes[12] = 9
        $body = $bytes[0..($bytes.Length - 33)]
        $sha = [System.Security.Cryptography.SHA256]::HashData([byte[]]$body)
        [System.IO.File]::WriteAllBytes($Path, [byte[]]($body + $sha))
        Get-Item -LiteralPath $Path
    }

    $script:s3Bin = New-S3Image (Join-Path $script:folder 'ESP32_GENERIC_S3-20250415-v1.25.0.bin')
    $script:esp32Bin = New-SampleEsp32Image -Path (Join-Path $script:folder 'ESP32_GENERIC-20240222-v1.22.2.bin') -Length 32KB
}

AfterAll {
    $script:s3 | Stop-ServedBoard
    Remove-TestFolder $script:folder
}

Describe 'Install-Esp32Firmware on a virtual ESP32-S3' {
    It 'Get-FirmwareInfo names the chip each .bin is for' {
        (Get-FirmwareInfo -Path $script:s3Bin.FullName).Esp32Image.Chip | Should -Be 'ESP32-S3'
        (Get-FirmwareInfo -Path $script:esp32Bin.FullName).Esp32Image.Chip | Should -Be 'ESP32'
    }

    It 'writes the merged .bin at 0x0, verified, and names the chip' {
        $result = Install-Esp32Firmware -Port $script:s3.Address -Path $script:s3Bin.FullName -Confirm:$false -ErrorAction Stop
        $result.Chip | Should -Be 'ESP32-S3 (QFN56) (revision v0.2)'
        $result.Mac | Should -Be '60:55:f9:01:02:03'
        $result.Regions.Count | Should -Be 1
        $result.Regions[0].Offset | Should -Be 0
        $result.Verified | Should -BeTrue
    }

    It 'refuses an ESP32 .bin with Esp32ChipMismatch and says which firmware the board needs' {
        $failure = $null
        Install-Esp32Firmware -Port $script:s3.Address -Path $script:esp32Bin.FullName -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Esp32ChipMismatch,*'
        $failure[0].ToString() | Should -BeLike "*is firmware for ESP32, but the board on $($script:s3.Address) is an ESP32-S3*nothing was written*"
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike '*ESP32_GENERIC_S3*'
    }

    It 'skips the unchanged .bin on a second run with -SkipUnchanged' {
        $result = Install-Esp32Firmware -Port $script:s3.Address -Path $script:s3Bin.FullName -SkipUnchanged -Confirm:$false -ErrorAction Stop
        $result.Regions[0].Action | Should -Be 'Skipped'
    }
}
