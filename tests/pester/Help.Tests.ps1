# The help a user reads in the real host: Get-Help -Full of every exported cmdlet (compiled from docs/help into
# out/FirmwareTools/en-US) and the about_FirmwareTools topic, rendered as pwsh renders them at 80 columns.
BeforeDiscovery {
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../FirmwareTools.psd1')
    $script:cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/FirmwareTools/FirmwareTools.psd1') -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Get-Help -Full <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $text = $help | Out-String -Width 80
    }

    It 'is the module''s compiled help, not the syntax pwsh makes up when there is none' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s"
        $help.description.Text -join '' | Should -Not -BeNullOrEmpty
        $text | Should -Match '(?m)^DESCRIPTION'
    }

    It 'documents every parameter the cmdlet has, each with a description' {
        $parameters = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }
        $documented = @($help.parameters.parameter)
        foreach ($parameter in $parameters) {
            $entry = $documented | Where-Object name -EQ $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs help"
            ($entry.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
            $text | Should -Match "(?m)^    -$parameter\b"
        }
    }

    It 'has at least one example with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $examples[0].code | Should -Not -BeNullOrEmpty
        $text | Should -Match '(?m)^    -+ Example 1'
    }
}

Describe 'Get-Help about_FirmwareTools' {
    It 'is found by name and shows the module''s topic' {
        $topic = Get-Help about_FirmwareTools
        $text = $topic | Out-String -Width 80
        $text | Should -Match 'about_FirmwareTools'
        $text | Should -Match 'Get-DfuDevice'
        $text | Should -Match 'Install-PyboardFirmware'
        ($text -split '\r?\n').Count | Should -BeGreaterThan 20
    }

    It 'lists the ErrorId a real failure carries, with when it happens and what to do' {
        $missing = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName() + '.dfu')
        Get-FirmwareInfo -LiteralPath $missing -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        $id = ($failed[0].FullyQualifiedErrorId -split ',')[0]
        $id | Should -Be 'FirmwareFileNotFound'

        $lines = (Get-Help about_FirmwareTools | Out-String -Width 80) -split '\r?\n'
        $at = [array]::IndexOf($lines, "    $id")
        $at | Should -BeGreaterThan ([array]::IndexOf($lines, 'ERRORS'))
        $lines[$at + 1] | Should -BeLike '        When: *'
        $lines[$at + 2] | Should -BeLike '        What to do: *'
    }
}
