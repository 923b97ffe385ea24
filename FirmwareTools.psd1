#
# Module manifest template for FirmwareTools. The build stamps {{ModuleVersion}} from Directory.Build.props
# and writes the result to out/FirmwareTools/FirmwareTools.psd1.
#
@{
    RootModule           = 'FirmwareTools.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6c1f4d0e-5a3b-4f7e-9a1d-2b8e7c4f9d31'
    Author               = 'FirmwareTools contributors'
    CompanyName          = 'FirmwareTools'
    Copyright            = '(c) FirmwareTools contributors. MIT License.'
    Description          = 'Keeps MicroPython boards on the firmware their owner wants: back up and flash STM32 pyboards over USB DFU, flash ESP32 and Pycom (WiPy, LoPy, FiPy) boards through their serial ROM bootloader, download verified firmware from micropython.org and Pycom, inspect firmware files, and read which firmware each board runs.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('FirmwareTools.Format.ps1xml')

    # Explicit lists, no wildcards: discovery is faster and the contract tests compare them with the cmdlets.
    CmdletsToExport      = @(
        'Get-DfuDevice'
        'Install-PyboardFirmware'
        'Backup-PyboardFirmware'
        'Get-FirmwareInfo'
        'Save-Firmware'
        'Get-DeviceVersion'
        'Install-Esp32Firmware'
        'Get-SerialPort'
        'Get-Rp2Device'
        'Install-Rp2Firmware'
        'Backup-Rp2Firmware'
        'Update-Firmware'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('MicroPython', 'Firmware', 'DFU', 'DfuSe', 'STM32', 'Pyboard', 'ESP32', 'RP2040', 'RP2350', 'Pico', 'UF2', 'USB', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'macOS')
            ProjectUri   = 'https://github.com/firmwaretools/FirmwareTools'
            LicenseUri   = 'https://github.com/firmwaretools/FirmwareTools/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/firmwaretools/FirmwareTools/blob/main/CHANGELOG.md'
        }
    }
}
