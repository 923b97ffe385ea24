# The default views in the real host: Format-Table / Format-List through Out-String at 80 and 120 columns, for
# every result type the cmdlets output (made by the real cmdlets against served virtual boards). What tells two
# rows apart (a port, a USB path, a serial) must be readable in full; lists are summarised (sectors 0-11).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:bench = Start-ResultBench
    $script:r = $bench.Results
}

AfterAll {
    Stop-ResultBench $script:bench
}

Describe 'Default views at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
    It '<Name>: one header line, one row per object, no line wider than the console' -ForEach @(
        @{ Name = 'Get-DfuDevice'; Key = 'Device'; Columns = 'Id', 'Mode', 'SerialNumber', 'DFU', 'Target', 'Size', 'Path'; Rows = 1 }
        @{ Name = 'Install-PyboardFirmware'; Key = 'Install'; Columns = 'SerialNumber', 'Written', 'Erased', 'Verified', 'Restarted', 'Firmware'; Rows = 1 }
        @{ Name = 'Backup-PyboardFirmware'; Key = 'Backup'; Columns = 'DeviceSerial', 'Address', 'Length', 'Sha256', 'Path'; Rows = 1 }
        @{ Name = 'Save-Firmware -ListAvailable'; Key = 'Release'; Columns = 'Board', 'Variant', 'Version', 'Date', 'IsPreview', 'FileName'; Rows = 1 }
        @{ Name = 'Save-Firmware'; Key = 'File'; Columns = 'Board', 'Version', 'Source', 'Length', 'File'; Rows = 1 }
        @{ Name = 'Install-Esp32Firmware'; Key = 'Esp32'; Columns = 'Chip', 'Mac', 'Flash', 'Verified', 'Port'; Rows = 2 }
        @{ Name = 'Install-Esp32Firmware regions'; Key = 'Region'; Columns = 'Offset', 'Size', 'Action', 'Verified', 'Md5', 'File'; Rows = 1 }
        @{ Name = 'Get-DeviceVersion'; Key = 'Version'; Columns = 'Board', 'MCU', 'Version', 'Built', 'Port'; Rows = 1 }
        @{ Name = 'Get-SerialPort'; Key = 'Ports'; Columns = 'Port', 'Id', 'SerialNumber', 'Location', 'Product'; Rows = 2 }
    ) {
        $lines = @(Get-RenderedLines -InputObject $r[$Key] -Width $Width)
        ($lines[0] -split ' +' | Where-Object { $_ }) | Should -Be $Columns
        $lines[1] | Should -Match '^[- ]+$'
        $lines.Count | Should -Be (2 + $Rows)
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $Width -Because "'$line' must fit" }
    }

    It 'Get-DfuDevice shows the whole USB path (here the bridge address)' {
        $row = @(Get-RenderedLines -InputObject $r.Device -Width $Width)[2]
        $row | Should -Match "^0483:df11 Dfu +3061B4493536 +1\.1a +Internal Flash +1024 KiB $([regex]::Escape($r.Device.PortPath))$"
    }

    It 'Install-Esp32Firmware tells two boards apart by their whole rfc2217:// port' {
        $rows = @(Get-RenderedLines -InputObject $r.Esp32 -Width $Width)[2..3]
        $rows[0] | Should -BeLike "* $($r.Esp32[0].Port)"
        $rows[1] | Should -BeLike "* $($r.Esp32[1].Port)"
        $rows[0] | Should -Match '^ESP32-D0WDQ6 v0\.0 30:ae:a4:00:86:68  4 MB True +rfc2217://127\.0\.0\.1:\d+$'
        $rows[0] | Should -Not -Be $rows[1]
    }

    It 'Get-DeviceVersion shows the whole socket:// port' {
        $row = @(Get-RenderedLines -InputObject $r.Version -Width $Width)[2]
        $row | Should -Match "^PYBv1\.1 +STM32F405RG +v1\.22\.2 +2024-02-22 $([regex]::Escape($r.Version.Port))$"
    }

    It 'a full restore lists its erased sectors as a range: 0-11' {
        $row = @(Get-RenderedLines -InputObject $r.Install -Width $Width)[2]
        $row | Should -Match '^3061B4493536 1048576 0-11 +False +False +backup\.bin$'
    }

    It 'Get-SerialPort tells two adapters apart by port and serial number' {
        $rows = @(Get-RenderedLines -InputObject $r.Ports -Width $Width)[2..3]
        $rows[0] | Should -Match '^/dev/ttyUSB0 +10c4:ea60 0001 +1-1\.2 +CP2102N'
        $rows[1] | Should -Match '^/dev/ttyUSB1 +10c4:ea60 0002 +1-1\.3 +CP2102N'
    }

    It 'Get-SerialPort keeps a macOS port name whole: /dev/cu.usbserial-0001' {
        $port = (Get-ModuleType SerialPortInfo)::new('/dev/cu.usbserial-0001')
        $port.VendorId = [uint16]0x10c4; $port.ProductId = [uint16]0xea60; $port.SerialNumber = '0001'; $port.UsbLocation = '20-1'
        $port.Description = 'CP2102N USB to UART Bridge Controller'
        @(Get-RenderedLines -InputObject $port -Width $Width)[2] | Should -Match '^/dev/cu\.usbserial-0001 10c4:ea60 0001 +20-1 +CP2102N'
    }

    It 'Backup-PyboardFirmware shows the backup''s whole path' {
        $row = @(Get-RenderedLines -InputObject $r.Backup -Width $Width)[2]
        $row | Should -Match "^3061B4493536 0x08000000 +1048576 [0-9a-f]{11}… $([regex]::Escape($r.Backup.Path))$"
    }

    It 'Backup-PyboardFirmware shows a backup under the current folder as typed: ./backup.bin' {
        Push-Location $bench.Folder
        try {
            $row = @(Get-RenderedLines -InputObject $r.Backup -Width $Width)[2]
        } finally { Pop-Location }
        $row | Should -Match "^3061B4493536 0x08000000 +1048576 [0-9a-f]{11}… \.$([regex]::Escape([IO.Path]::DirectorySeparatorChar))backup\.bin$"
    }

    It 'Get-FirmwareInfo of a DfuSe file is a list with its sectors, nothing cut' {
        $text = ($r.Info | Format-List | Out-String -Width $Width)
        $text | Should -Match '(?m)^Format +: DfuSe\s*$'
        $text | Should -Match '(?m)^IsValid +: True\s*$'
        $text | Should -Match '(?m)^F405 sectors erased : 0, 5\s*$'
        $text | Should -Not -Match '…'
        foreach ($line in $text -split '\r?\n') { $line.Length | Should -BeLessOrEqual $Width }
    }

    It 'Get-FirmwareInfo of an ESP32 image shows the image, not DFU rows' {
        $text = ($r.Esp32Info | Format-List | Out-String -Width $Width)
        $text | Should -Match '(?m)^Format +: Esp32Image\s*$'
        $text | Should -Match '(?m)^Entry +: 0x40080000\s*$'
        $text | Should -Not -Match '(?m)^(F405 sectors erased|Suffix) '
    }

    It 'Install-Esp32Firmware regions name the file each region came from' {
        $row = @(Get-RenderedLines -InputObject $r.Region -Width $Width)[2]
        $row | Should -Match "^0x1000 +\d+ Written True +$($r.Region.Md5.Substring(0, 8)) ESP32_GENERIC-20240222-v1\.22\.2\.bin$"
    }

    It 'Get-FirmwareInfo of several files in a table says whether each is sound, the name last' {
        $lines = @(Get-RenderedLines -InputObject @($r.Info, $r.Esp32Info) -Width $Width)
        ($lines[0] -split ' +' | Where-Object { $_ }) | Should -Be 'Format', 'IsValid', 'Length', 'Name'
        $lines[2] | Should -Match "^DfuSe +True +$($r.Info.Length) $([regex]::Escape($r.Info.Name))$"
        $lines[3] | Should -Match "^Esp32Image +True +$($r.Esp32Info.Length) ESP32_GENERIC-20240222-v1\.22\.2\.bin$"
    }

    It 'Format-List of an ESP32 result shows the port, regions and time the table leaves out' {
        $text = ($r.Esp32[0] | Format-List | Out-String -Width $Width)
        $text | Should -Match "(?m)^Port +: $([regex]::Escape($r.Esp32[0].Port))\s*$"
        $text | Should -Match '(?m)^Regions +: {0x1000}\s*$'
        $text | Should -Match '(?m)^Elapsed +: \d\d:\d\d:\d\d'
    }
}
