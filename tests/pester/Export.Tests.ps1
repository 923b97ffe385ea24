# What a lab does with the results in the real host: Select-Object, Export-Csv / Import-Csv and ConvertTo-Json of
# every result type. A CSV cell never holds a .NET type name, USB ids are hex as lsusb prints them ("0483"), lists
# read as their items, and the properties that bind to the next cmdlet keep their names.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:bench = Start-ResultBench
    $script:r = $bench.Results

    function script:Export-AndImport($InputObject, [string] $Name) {
        $path = Join-Path $bench.Folder "$Name.csv"
        $InputObject | Export-Csv -Path $path
        @(Import-Csv -Path $path)
    }
}

AfterAll {
    Stop-ResultBench $script:bench
}

Describe 'Export-Csv, Select-Object and ConvertTo-Json of <Key>' -ForEach @(
    @{ Key = 'Device'; Identity = 'SerialNumber' }
    @{ Key = 'Info'; Identity = 'Path' }
    @{ Key = 'Esp32Info'; Identity = 'Path' }
    @{ Key = 'Backup'; Identity = 'Path' }
    @{ Key = 'Install'; Identity = 'SerialNumber' }
    @{ Key = 'Esp32'; Identity = 'Port' }
    @{ Key = 'Region'; Identity = 'Md5' }
    @{ Key = 'Version'; Identity = 'Port' }
    @{ Key = 'Ports'; Identity = 'Port' }
    @{ Key = 'Release'; Identity = 'FileName' }
    @{ Key = 'File'; Identity = 'Path' }
) {
    BeforeAll {
        $objects = @($r[$Key])
        $rows = Export-AndImport $objects $Key
    }

    It 'writes one row per object with every property as a column' {
        $rows.Count | Should -Be $objects.Count
        $columns = $rows[0].PSObject.Properties.Name
        $columns | Should -Be @($objects[0].PSObject.Properties.Name)
        $rows.$Identity | Should -Be @($objects.$Identity | ForEach-Object { "$_" })
    }

    It 'writes no .NET type name into any cell' {
        foreach ($row in $rows) {
            foreach ($property in $row.PSObject.Properties) {
                $property.Value | Should -Not -Match '^System\.|`\d\[|^FirmwareTools\.' -Because "$Key.$($property.Name) is '$($property.Value)'"
            }
        }
    }

    It 'selects properties with Select-Object' {
        $selected = @($objects | Select-Object -Property $Identity)
        $selected.$Identity | Should -Be @($objects.$Identity)
        @($selected[0].PSObject.Properties).Count | Should -Be 1
    }

    It 'converts to JSON that reads back with the same identity' {
        $json = $objects | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
        $back = @($json | ConvertFrom-Json)
        $back.Count | Should -Be $objects.Count
        @($back.$Identity | ForEach-Object { "$_" }) | Should -Be @($objects.$Identity | ForEach-Object { "$_" })
    }
}

Describe 'CSV cells a person reads' {
    It 'a DFU device''s ids are hex as lsusb prints them: 0483, df11' {
        $row = (Export-AndImport $r.Device 'device-ids')[0]
        $row.VendorId | Should -BeExactly '0483'
        $row.ProductId | Should -BeExactly 'df11'
        $row.Id | Should -BeExactly '0483:df11'
        $row.AlternateSettings | Should -BeLike 'alt 0: *Internal Flash*'
    }

    It 'a serial port''s ids are hex: 10c4, ea60' {
        $row = (Export-AndImport $r.Ports 'port-ids')[0]
        $row.VendorId | Should -BeExactly '10c4'
        $row.ProductId | Should -BeExactly 'ea60'
    }

    It 'a DfuSe file''s suffix ids are hex and its lists read as items' {
        $row = (Export-AndImport $r.Info 'info')[0]
        $row.VendorId | Should -BeExactly '0483'
        $row.ProductId | Should -BeExactly 'df11'
        $row.F405SectorNumbers | Should -BeExactly '0,5'
        $row.Targets | Should -BeExactly 'alt 0 "ST...": 0x08000000-0x080001FF (512 B), 0x08020000-0x0802FFFF (64 KiB)'
        $row.F405EraseSectors | Should -BeLike 'alt 0 sector 0 0x08000000 (16 KiB), alt 0 sector 5 0x08020000 (128 KiB)'
    }

    It 'a full restore writes its erased sectors as a range and its regions as ranges' {
        $row = (Export-AndImport $r.Install 'install')[0]
        $row.Erased | Should -BeExactly '0-11'
        $row.SectorNumbers | Should -BeExactly '0-11'
        $row.RegionsWritten | Should -BeExactly '0x08000000-0x080FFFFF (1 MiB)'
    }

    It 'an ESP32 result writes its regions by offset' {
        $rows = Export-AndImport $r.Esp32 'esp32'
        $rows.Regions | Should -Be @('0x1000', '0x1000')
        $rows.Port | Should -Be @($r.Esp32.Port)
    }

    It 'a version query writes the extra uname fields as key=value, not a dictionary type' {
        $row = (Export-AndImport $r.Version 'version')[0]
        $row.ExtraFields | Should -Not -BeLike '*Dictionary*'
        $row.MicroPythonVersion | Should -BeExactly 'v1.22.2'
    }
}

Describe 'Ids and names carry on to the next cmdlet' {
    It 'a device''s VendorId and ProductId, as they are and as read back from CSV, find the same board' {
        (Get-DfuDevice -VendorId $r.Device.VendorId -ProductId $r.Device.ProductId).SerialNumber | Should -Be '3061B4493536'
        $row = (Export-AndImport $r.Device 'device-again')[0]
        (Get-DfuDevice -VendorId $row.VendorId -ProductId $row.ProductId).SerialNumber | Should -Be '3061B4493536'
    }

    It 'ids compare with numbers and with hex text in Where-Object' {
        @($r.Device | Where-Object VendorId -EQ 0x0483).Count | Should -Be 1
        @($r.Ports | Where-Object ProductId -EQ 'ea60').Count | Should -Be 2
        @($r.Device | Where-Object VendorId -EQ 0x1234).Count | Should -Be 0
    }

    It 'a Get-SerialPort row from CSV binds -Port by name (Get-DeviceVersion fails on the missing port, naming it)' {
        $row = (Export-AndImport $r.Ports 'ports-bind')[0]
        $row.Port | Should -Be '/dev/ttyUSB0'
        $failure = $row | Get-DeviceVersion -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable problems 2>$null
        $failure | Should -BeNullOrEmpty
        "$($problems[0])" | Should -BeLike '*/dev/ttyUSB0*'
    }
}
