#!/usr/bin/env python3
"""Writes the module's help from the text below: src/FirmwareTools/en-US/FirmwareTools.dll-Help.xml (MAML, shipped
with the module) and docs/help/<Cmdlet>.md (readable in the repository). No machine here has pwsh or platyPS, so
this replaces New-ExternalHelp; the contract tests check that every cmdlet and parameter is documented.
Run: python3 tools/help.py"""
import os
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HELP = [
    {
        "name": "Get-DfuDevice",
        "synopsis": "Lists USB devices in DFU mode, one object per physical board, with memory maps parsed.",
        "description": "Get-DfuDevice does what `dfu-util -l` does, as objects: it enumerates the USB bus through libusb-1.0, "
            "keeps devices with a DFU interface (DFU mode or run-time mode), reads the DFU functional descriptor (version, "
            "transfer size, attributes) and every alternate setting's name, and parses ST DfuSe memory layouts such as "
            "'@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg' into segments. An STM32 ROM bootloader with four "
            "alternate settings is one object, not four. On a machine without a USB bus it returns nothing.",
        "parameters": [
            ("VendorId", "UInt16", False, "0", "false", "Only devices with this USB vendor id. Accepts numbers (0x0483, 1155) and hexadecimal strings as lsusb prints them ('0483')."),
            ("ProductId", "UInt16", False, "1", "false", "Only devices with this USB product id, as a number or hexadecimal string ('df11')."),
            ("SerialNumber", "String", False, "named", "true (ByPropertyName)", "Only the device with this USB serial number (case-insensitive). A pyboard's DFU serial equals its serial when running MicroPython, so one board can be followed across the mode switch."),
        ],
        "inputs": [("None", "You cannot pipe objects to this cmdlet except by the SerialNumber property.")],
        "outputs": [("FirmwareTools.Protocols.Dfu.DfuDevice", "One object per board: ids, serial number, bus/address/port path, DFU version, transfer size, attributes and alternate settings with their memory layouts.")],
        "examples": [
            ("Get-DfuDevice", "Lists every board in DFU mode, for example a pyboard whose DFU jumper is fitted: 0483:df11 with the serial number, port path and 'Internal Flash' of 1024 KiB."),
            ("Get-DfuDevice -VendorId 0483 -ProductId df11 | Select-Object SerialNumber, PortPath", "Lists only STM32 ROM bootloaders, by the ids that lsusb prints."),
            ("(Get-DfuDevice -SerialNumber 3061B4493536).InternalFlash.MemoryLayout.Segments", "Shows the flash sectors of one board: 4 x 16 KiB, 1 x 64 KiB and 7 x 128 KiB on an STM32F405."),
        ],
        "notes": "Linux needs read/write access to the USB device: add a udev rule such as SUBSYSTEM==\"usb\", ATTRS{idVendor}==\"0483\", ATTRS{idProduct}==\"df11\", TAG+=\"uaccess\". Windows needs the WinUSB driver bound to 'STM32 BOOTLOADER' (Zadig). libusb-1.0 must be installed (apt install libusb-1.0-0, brew install libusb).",
        "links": ["about_FirmwareTools", "Install-PyboardFirmware", "Backup-PyboardFirmware"],
    },
    {
        "name": "Install-PyboardFirmware",
        "synopsis": "Flashes a DfuSe .dfu file, or restores a raw image at an address, on an STM32 pyboard in DFU mode.",
        "description": "Install-PyboardFirmware does what 'pydfu.py -u firmware.dfu' and 'dfu-util -a 0 -D firmware.dfu' do, more safely. "
            "Before anything reaches the board it reads and validates the whole file (signatures, CRC, element sizes, overlaps), "
            "checks the DFU suffix ids against the board, and plans the flash against the board's own memory map: every element "
            "must lie in writable flash, and the sectors to erase are the union of those the elements touch, each erased once. "
            "Sectors the image does not touch - the pyboard's filesystem in sectors 1-4 in particular - are never erased unless "
            "-FullErase is given. It then asks for confirmation (ConfirmImpact High), optionally backs up the flash, erases, writes "
            "in transfer-size blocks without the sleeps dfu-util adds, verifies by reading back with -Verify, and leaves DFU mode "
            "so the new firmware starts (unless -NoReset). Progress shows each phase (Erase, Write, Verify) with bytes and rate. "
            "With several boards piped in, a failing board writes an error and the next one is flashed.",
        "parameters": [
            ("Path", "String", True, "0", "true (ByPropertyName)", "The firmware file: a DfuSe .dfu, a plain DFU file, or a raw image (.bin) with -Address. Binds to Save-Firmware's Path and Get-ChildItem's FullName."),
            ("Device", "DfuDevice", False, "named", "true (ByValue)", "The board, from Get-DfuDevice. Without it, the one STM32 board in DFU mode is used; with several, the cmdlet refuses and lists them."),
            ("Address", "UInt32", False, "named", "false", "Where a raw image goes, for a restore: 0x08000000 for a full backup. Refused for DfuSe files, which carry their own addresses."),
            ("SerialNumber", "String", False, "named", "false", "Picks the board by its USB serial number when no Device is piped in."),
            ("Verify", "SwitchParameter", False, "named", "false", "Reads every written byte back and compares; reports the first differing address."),
            ("NoReset", "SwitchParameter", False, "named", "false", "Stays in DFU mode after writing instead of starting the new firmware."),
            ("FullErase", "SwitchParameter", False, "named", "false", "Mass-erases the chip instead of only the touched sectors. This wipes the pyboard's filesystem (main.py, boot.py, your files); you are asked again unless -Force."),
            ("BackupPath", "String", False, "named", "false", "Reads the whole internal flash to this file (and a .json sidecar) before anything is erased. An existing file is not overwritten."),
            ("Force", "SwitchParameter", False, "named", "false", "Overrides the safety refusals: a DFU suffix CRC that does not match, a suffix naming another USB device, and the question before erasing the filesystem. It never skips -WhatIf or -Confirm."),
            ("WhatIf", "SwitchParameter", False, "named", "false", "Shows what would be erased and written, without touching the board."),
            ("Confirm", "SwitchParameter", False, "named", "false", "Asks before flashing each board (the default, as ConfirmImpact is High). Use -Confirm:$false in scripts."),
        ],
        "inputs": [("FirmwareTools.Protocols.Dfu.DfuDevice", "Boards from Get-DfuDevice."), ("FirmwareTools.Protocols.Firmware.FirmwareFile", "Downloaded firmware from Save-Firmware, by its Path property.")],
        "outputs": [("FirmwareTools.Protocols.Pyboard.PyboardInstallResult", "Per board: regions written, bytes, sectors erased, whether it was verified and left DFU mode, the backup path, elapsed time.")],
        "examples": [
            ("Get-DfuDevice | Install-PyboardFirmware -Path .\\PYBV11-20240222-v1.22.2.dfu -Verify", "Flashes every board in DFU mode and verifies each; the filesystem sectors are kept."),
            ("Save-Firmware -Board PYBV11 | Install-PyboardFirmware -BackupPath .\\before.bin -Confirm:$false", "Downloads the newest firmware and flashes the one board in DFU mode without a prompt, after backing up its flash."),
            ("Install-PyboardFirmware -Path .\\before.bin -Address 0x08000000 -Verify", "Restores a full backup taken with Backup-PyboardFirmware (this rewrites the filesystem sectors too, and says so)."),
            ("Install-PyboardFirmware -Path .\\firmware.dfu -WhatIf", "Shows which sectors would be erased and how much would be written."),
        ],
        "notes": "Enter DFU mode with the DFU jumper (DFU to 3V3, then RST) or machine.bootloader(). Remove the jumper before the board leaves DFU mode, or the next reset returns to the bootloader. A board that disconnects mid-write is reported as needing a re-flash; nothing claims success. A read-protected board (errVENDOR) is reported; read protection is never removed silently, as that wipes the chip.",
        "links": ["Get-DfuDevice", "Backup-PyboardFirmware", "Save-Firmware", "Get-FirmwareInfo"],
    },
    {
        "name": "Install-Esp32Firmware",
        "synopsis": "Flashes ESP32 firmware (a MicroPython .bin, or bootloader, partition table and app) through the chip's ROM serial bootloader, and verifies it.",
        "description": "Install-Esp32Firmware does what 'esptool.py write_flash' does, through the ESP32's mask-ROM download loader "
            "(no flasher stub is uploaded). Before anything reaches the board it validates every file: an ESP32 image must have the "
            "0xE9 magic, at most 16 segments inside the file, a matching checksum byte, a matching appended SHA-256 when the header "
            "says there is one, and chip id ESP32; the partition table at 0x8000 must start with its AA 50 magic; regions must be "
            "4 KiB aligned and must not overlap. It then asks for confirmation (ConfirmImpact High), resets the chip into its "
            "bootloader through DTR/RTS (or, with -Before NoReset, expects the GPIO0/G23 jumper), syncs, identifies the chip and "
            "its MAC from the eFuses, switches to -FlashBaudRate (falling back to -BaudRate when the link fails there), detects the "
            "flash size from its JEDEC id and refuses regions past it, writes every region zlib-compressed, checks each one with "
            "the chip's own MD5 of the flash, and finally resets the board into the new firmware. Progress shows each region with "
            "bytes and rate. With several ports, a failing port writes an error and the next one is flashed.",
        "parameters": [
            ("Port", "String[]", True, "0", "true (ByValue, ByPropertyName)", "The serial ports of the boards: COM5, /dev/ttyUSB0, socket://host:port (raw TCP, e.g. ser2net) or rfc2217://host:port (a remote port that can also reset the board). Several ports are flashed one after another."),
            ("Path", "String", True, "1", "true (ByPropertyName)", "A MicroPython ESP32 firmware (.bin, one merged file). It goes to the chip's bootloader offset, 0x1000 on the ESP32. Binds to Save-Firmware's Path and Get-ChildItem's FullName."),
            ("Image", "Hashtable", True, "named", "false", "Offsets and files, for firmware shipped as separate images: @{ 0x1000 = 'bootloader.bin'; 0x8000 = 'partitions.bin'; 0x10000 = 'app.bin' }. Offsets may be numbers or hexadecimal strings."),
            ("BaudRate", "Int32", False, "named", "false", "The rate to connect at; 115200 by default, the rate the ROM starts at."),
            ("FlashBaudRate", "Int32", False, "named", "false", "The rate to switch to for the data, 921600 by default. If the link fails there (some USB-serial bridges cannot do it), the board is reset and the data goes at -BaudRate."),
            ("Before", "Esp32BeforeMode", False, "named", "false", "How to enter the bootloader: DefaultReset (DTR/RTS auto-reset, as on DevKit boards), UsbReset (USB-Serial/JTAG sequence), NoReset (the board is already in download mode: Pycom Expansion Board 2.0 with the G23-GND jumper)."),
            ("After", "Esp32AfterMode", False, "named", "false", "HardReset (default) resets the board into the new firmware; NoReset leaves it in the bootloader."),
            ("NoVerify", "SwitchParameter", False, "named", "false", "Skips the MD5 check of each region. Without it a mismatch is an error, never success."),
            ("Force", "SwitchParameter", False, "named", "false", "Writes raw data at offsets where no image is required, and images built for another chip or revision. The bootloader (0x1000) and app (0x10000) offsets always need a valid image."),
            ("WhatIf", "SwitchParameter", False, "named", "false", "Shows what would be written where, without opening the port."),
            ("Confirm", "SwitchParameter", False, "named", "false", "Asks before flashing each port (the default, as ConfirmImpact is High). Use -Confirm:$false in scripts."),
        ],
        "inputs": [("System.String", "Port names."), ("FirmwareTools.Protocols.Firmware.FirmwareFile", "Downloaded firmware from Save-Firmware, by its Path property.")],
        "outputs": [("FirmwareTools.Protocols.Esp32Board.Esp32InstallResult", "Per port: chip and revision, MAC, flash size, the baud rate used, and each region with offset, size, MD5, whether it was verified and the time it took.")],
        "examples": [
            ("Save-Firmware -Board ESP32_GENERIC | Install-Esp32Firmware -Port COM5", "Downloads the newest MicroPython for generic ESP32 boards and flashes it at 0x1000 on the board at COM5, verified, then starts it."),
            ("Install-Esp32Firmware -Port /dev/ttyUSB0 -Image @{ 0x1000 = 'bootloader.bin'; 0x8000 = 'partitions.bin'; 0x10000 = 'wipy.bin' } -Before NoReset -After NoReset", "Flashes a WiPy on a Pycom Expansion Board 2.0 with the G23-GND jumper fitted; remove the jumper and press reset afterwards."),
            ("'COM5', 'COM6' | Install-Esp32Firmware -Path .\\ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false", "Flashes two boards one after another without prompting; a failing board is reported and the other is still flashed."),
            ("Install-Esp32Firmware -Port COM5 -Path .\\firmware.bin -WhatIf", "Validates the file and shows what would be written where."),
        ],
        "notes": "'No ESP32 ROM bootloader answered' means the chip is not in download mode: hold BOOT (GPIO0) low while pressing reset, or fit the G23-GND jumper on a Pycom Expansion Board, and check that this is the board's port. 'runs firmware, not the bootloader' means a MicroPython REPL answered instead. On Linux add yourself to the dialout group; close serial monitors that hold the port.",
        "links": ["Save-Firmware", "Get-FirmwareInfo", "Install-PyboardFirmware"],
    },
    {
        "name": "Backup-PyboardFirmware",
        "synopsis": "Reads a pyboard's flash, in DFU mode, to a raw file plus a .json sidecar.",
        "description": "Backup-PyboardFirmware reads the board's internal flash over DFU upload - by default all of it (the sum of the readable "
            "segments: 1 MiB on an STM32F405, not the 64 KiB first segment that 'dfu-util -s 0x08000000 -U' reads) - and writes it "
            "to a raw file, plus '<file>.json' with the address, length, device serial number, memory layout, SHA-256 and date. "
            "The file is written to a temporary name and moved into place when complete; an existing file is never overwritten "
            "without -Force. The board is left idle in DFU mode, ready for Install-PyboardFirmware. Restore with "
            "Install-PyboardFirmware -Path <file> -Address <address>.",
        "parameters": [
            ("Path", "String", True, "0", "true (ByPropertyName)", "The backup file to create. With several boards, give a script block: -Path { \"backup-$($_.SerialNumber).bin\" }."),
            ("Device", "DfuDevice", False, "named", "true (ByValue)", "The board, from Get-DfuDevice. Without it, the one STM32 board in DFU mode is used."),
            ("Address", "UInt32", False, "named", "false", "First address to read. Default: the start of internal flash (0x08000000)."),
            ("Length", "Int64", False, "named", "false", "Bytes to read. Default: all readable internal flash. The range must lie in readable memory."),
            ("SerialNumber", "String", False, "named", "false", "Picks the board by its USB serial number when no Device is piped in."),
            ("Force", "SwitchParameter", False, "named", "false", "Overwrites an existing backup file and sidecar."),
            ("WhatIf", "SwitchParameter", False, "named", "false", "Shows what would be read and where it would be written."),
            ("Confirm", "SwitchParameter", False, "named", "false", "Asks before reading each board."),
        ],
        "inputs": [("FirmwareTools.Protocols.Dfu.DfuDevice", "Boards from Get-DfuDevice.")],
        "outputs": [("FirmwareTools.Protocols.Dfu.DfuSeBackupResult", "The backup: Path, SidecarPath, Address, Length, Sha256, DeviceSerial, Layout, CreatedUtc.")],
        "examples": [
            ("Get-DfuDevice | Backup-PyboardFirmware -Path .\\pyboard-backup.bin", "Reads the whole 1 MiB flash of the board in DFU mode."),
            ("Get-DfuDevice | Backup-PyboardFirmware -Path { \"backup-$($_.SerialNumber).bin\" }", "Backs up every board in DFU mode, each to a file named after its serial number."),
            ("Backup-PyboardFirmware -Path .\\fs.bin -Address 0x08004000 -Length 0x1C000", "Saves only the filesystem sectors (1-4)."),
        ],
        "notes": "The board must be in DFU mode and not read-protected.",
        "links": ["Install-PyboardFirmware", "Get-DfuDevice"],
    },
    {
        "name": "Save-Firmware",
        "synopsis": "Downloads MicroPython or Pycom firmware, verified, and outputs the file for the install cmdlets.",
        "description": "Save-Firmware finds firmware and downloads it. For MicroPython boards it reads the board's download page "
            "(https://micropython.org/download/<BOARD>/), parses every firmware link (board, variant, date, version, preview builds) "
            "and picks the newest release, or the version you name; the file type follows the board's port (.dfu for STM32 "
            "pyboards, .bin for ESP32). For Pycom boards (-Board WIPY, LOPY4...) it asks Pycom's update service for the newest "
            "tarball. -Uri downloads any direct link (https; http only with -AllowHttp). The file is streamed to a temporary "
            "file beside the destination, hashed with SHA-256 while streaming, checked against -ExpectedHash when given, and "
            "moved into place only when complete; transient failures are retried with back-off, and Ctrl+C leaves no partial "
            "file. An existing file with the same content is reused; a different one is kept unless -Force. The output's Path "
            "binds to Install-PyboardFirmware and Get-FirmwareInfo by property name.",
        "parameters": [
            ("Board", "String", True, "0", "true (ByValue, ByPropertyName)", "The board name as MicroPython's download pages spell it (PYBV11, PYBD_SF2, ESP32_GENERIC, ESP32_GENERIC_S3...) or a Pycom board (WIPY, LOPY4, GPY...). An unknown name fails with suggestions of close names."),
            ("Version", "String", False, "named", "true (ByPropertyName)", "An exact version (1.22.2, v1.22.2, 1.23.0-preview.203) or 'latest' (the default). A version that does not exist fails and lists the newest few."),
            ("Variant", "String", False, "named", "true (ByPropertyName)", "A build variant such as SPIRAM, THREAD or DP. Without it the plain build is chosen."),
            ("Source", "FirmwareSource", False, "named", "false", "Where to look: MicroPython or Pycom. By default Pycom board names go to Pycom and everything else to MicroPython."),
            ("IncludePreview", "SwitchParameter", False, "named", "false", "Consider preview (nightly) builds when picking the newest version."),
            ("ListAvailable", "SwitchParameter", False, "named", "false", "List the versions the source offers (FirmwareRelease objects) instead of downloading."),
            ("Uri", "Uri", True, "named", "true (ByPropertyName)", "Download this direct link instead of looking a board up."),
            ("AllowHttp", "SwitchParameter", False, "named", "false", "Allow a plain http:// -Uri. Without it only https is accepted."),
            ("DestinationPath", "String", False, "1", "false", "The folder to save into. Default: the current location. PowerShell provider paths are resolved as PowerShell does."),
            ("ExpectedHash", "String", False, "named", "false", "The SHA-256 the file must have (64 hex digits, optionally prefixed 'sha256:'). A mismatch deletes the download and is an error."),
            ("Force", "SwitchParameter", False, "named", "false", "Replace an existing file whose content differs from the download."),
            ("WhatIf", "SwitchParameter", False, "named", "false", "Shows what would be downloaded and where, without downloading."),
            ("Confirm", "SwitchParameter", False, "named", "false", "Asks before writing the file."),
        ],
        "inputs": [("System.String", "Board names."), ("FirmwareTools.Protocols.Firmware.FirmwareRelease", "Releases from -ListAvailable, by their Board, Variant and Version properties.")],
        "outputs": [("FirmwareTools.Protocols.Firmware.FirmwareFile", "The downloaded file: Path, Board, Variant, Version, Source, Length, Sha256, Uri."),
                    ("FirmwareTools.Protocols.Firmware.FirmwareRelease", "With -ListAvailable: the versions on offer.")],
        "examples": [
            ("Save-Firmware -Board PYBV11 | Install-PyboardFirmware -Verify", "Downloads the newest pyboard v1.1 release (.dfu) and flashes it on the one board in DFU mode."),
            ("Save-Firmware -Board ESP32_GENERIC -ListAvailable | Select-Object -First 5", "Shows the five newest ESP32 builds on micropython.org."),
            ("Save-Firmware -Board ESP32_GENERIC -Variant SPIRAM -Version 1.22.2 -DestinationPath ./firmware", "Downloads one named version of a variant into a folder."),
            ("Save-Firmware -Board WIPY -Source Pycom", "Downloads the newest Pycom WiPy firmware tarball from Pycom's update service."),
        ],
        "notes": "Pycom's service returns a 'hash' field; until it is confirmed to be the SHA-1 of the tarball it is reported (PycomHash) but not used to reject downloads. Proxy settings are honoured as .NET honours them (HTTPS_PROXY, system settings).",
        "links": ["Install-PyboardFirmware", "Get-FirmwareInfo"],
    },
    {
        "name": "Get-FirmwareInfo",
        "synopsis": "Shows what a firmware file holds and whether it is sound, without any device.",
        "description": "Get-FirmwareInfo reads a firmware file and reports its format (DfuSe .dfu, plain DFU with a suffix, or a raw image), "
            "its targets and elements with their address ranges and sizes, the DFU suffix (vendor and product ids, bcdDevice, "
            "bcdDFU) with the stored and computed CRC, the SHA-256 of the file, and which STM32F405 flash sectors flashing it would "
            "erase - including whether it would erase the pyboard's filesystem sectors. A damaged file still gives an object: "
            "IsValid is false and Problem names the first fault and its byte offset.",
        "parameters": [
            ("Path", "String[]", True, "0", "true (ByValue, ByPropertyName)", "Firmware files to inspect. Wildcards are allowed. Binds to the Path property of Save-Firmware's output."),
            ("LiteralPath", "String[]", True, "named", "true (ByPropertyName)", "Firmware files, taken exactly as written (no wildcards). Binds to the PSPath property of Get-ChildItem output."),
        ],
        "inputs": [("System.String", "Paths of firmware files."), ("FirmwareTools.Protocols.Firmware.FirmwareFile", "Downloaded firmware, by its Path property.")],
        "outputs": [("FirmwareTools.Protocols.Dfu.FirmwareInfo", "Format, validity, targets and elements, suffix and CRC, SHA-256, and the F405 sectors the file would erase.")],
        "examples": [
            ("Get-FirmwareInfo .\\PYBV11-20240222-v1.22.2.dfu", "Shows a MicroPython pyboard firmware: a DfuSe file with one target and two elements (0x08000000 and 0x08020000), a valid CRC, and sectors 0 and 5-8 to erase, leaving the filesystem sectors 1-4 alone."),
            ("Get-ChildItem *.dfu | Get-FirmwareInfo | Where-Object { -not $_.IsValid } | Select-Object Name, Problem", "Finds the damaged firmware files in a folder and says what is wrong with each."),
        ],
        "notes": "Raw images have no address of their own; the sector figures assume the restore address 0x08000000.",
        "links": ["Install-PyboardFirmware", "Save-Firmware"],
    },
]


def maml(cmds):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<helpItems schema="maml" xmlns="http://msh">']
    for c in cmds:
        verb, noun = c["name"].split("-", 1)
        out.append('  <command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" '
                   'xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" '
                   'xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
        out.append('    <command:details>')
        out.append(f'      <command:name>{c["name"]}</command:name>')
        out.append(f'      <command:verb>{verb}</command:verb>')
        out.append(f'      <command:noun>{noun}</command:noun>')
        out.append(f'      <maml:description><maml:para>{escape(c["synopsis"])}</maml:para></maml:description>')
        out.append('    </command:details>')
        out.append(f'    <maml:description><maml:para>{escape(c["description"])}</maml:para></maml:description>')
        out.append('    <command:syntax>')
        out.append('      <command:syntaxItem>')
        out.append(f'        <maml:name>{c["name"]}</maml:name>')
        for (name, typ, req, pos, pipe, _desc) in c["parameters"]:
            out.append(f'        <command:parameter required="{str(req).lower()}" position="{pos}" pipelineInput="{pipe}">'
                       f'<maml:name>{name}</maml:name><command:parameterValue required="true">{typ}</command:parameterValue></command:parameter>')
        out.append('      </command:syntaxItem>')
        out.append('    </command:syntax>')
        out.append('    <command:parameters>')
        for (name, typ, req, pos, pipe, desc) in c["parameters"]:
            out.append(f'      <command:parameter required="{str(req).lower()}" position="{pos}" pipelineInput="{pipe}">')
            out.append(f'        <maml:name>{name}</maml:name>')
            out.append(f'        <maml:description><maml:para>{escape(desc)}</maml:para></maml:description>')
            out.append(f'        <command:parameterValue required="true">{typ}</command:parameterValue>')
            out.append(f'        <dev:type><maml:name>{typ}</maml:name></dev:type>')
            out.append('      </command:parameter>')
        out.append('    </command:parameters>')
        out.append('    <command:inputTypes>')
        for (t, d) in c["inputs"]:
            out.append(f'      <command:inputType><dev:type><maml:name>{escape(t)}</maml:name></dev:type><maml:description><maml:para>{escape(d)}</maml:para></maml:description></command:inputType>')
        out.append('    </command:inputTypes>')
        out.append('    <command:returnValues>')
        for (t, d) in c["outputs"]:
            out.append(f'      <command:returnValue><dev:type><maml:name>{escape(t)}</maml:name></dev:type><maml:description><maml:para>{escape(d)}</maml:para></maml:description></command:returnValue>')
        out.append('    </command:returnValues>')
        out.append(f'    <maml:alertSet><maml:alert><maml:para>{escape(c["notes"])}</maml:para></maml:alert></maml:alertSet>')
        out.append('    <command:examples>')
        for i, (code, remarks) in enumerate(c["examples"], 1):
            out.append('      <command:example>')
            out.append(f'        <maml:title>-------------------------- Example {i} --------------------------</maml:title>')
            out.append(f'        <dev:code>PS&gt; {escape(code)}</dev:code>')
            out.append(f'        <dev:remarks><maml:para>{escape(remarks)}</maml:para></dev:remarks>')
            out.append('      </command:example>')
        out.append('    </command:examples>')
        out.append('    <command:relatedLinks>')
        for l in c["links"]:
            out.append(f'      <maml:navigationLink><maml:linkText>{escape(l)}</maml:linkText></maml:navigationLink>')
        out.append('    </command:relatedLinks>')
        out.append('  </command:command>')
    out.append('</helpItems>')
    return "\n".join(out) + "\n"


def markdown(c):
    lines = ["---", "external help file: FirmwareTools.dll-Help.xml", "Module Name: FirmwareTools", "schema: 2.0.0", "---", "",
             f"# {c['name']}", "", "## SYNOPSIS", c["synopsis"], "", "## SYNTAX", "", "```",
             c["name"] + " " + " ".join(("[-%s <%s>]" % (p[0], p[1])) if not p[2] else ("-%s <%s>" % (p[0], p[1])) for p in c["parameters"]) + " [<CommonParameters>]",
             "```", "", "## DESCRIPTION", c["description"], "", "## EXAMPLES", ""]
    for i, (code, remarks) in enumerate(c["examples"], 1):
        lines += [f"### Example {i}", "", "```powershell", code, "```", "", remarks, ""]
    lines += ["## PARAMETERS", ""]
    for (name, typ, req, pos, pipe, desc) in c["parameters"]:
        lines += [f"### -{name}", desc, "", "```yaml", f"Type: {typ}", "Parameter Sets: (All)", "", f"Required: {req}", f"Position: {pos}",
                  f"Accept pipeline input: {pipe}", "Accept wildcard characters: False", "```", ""]
    lines += ["### CommonParameters", "This cmdlet supports the common parameters. See about_CommonParameters.", "", "## INPUTS", ""]
    lines += [f"### {t}\n{d}\n" for (t, d) in c["inputs"]]
    lines += ["## OUTPUTS", ""] + [f"### {t}\n{d}\n" for (t, d) in c["outputs"]]
    lines += ["## NOTES", c["notes"], "", "## RELATED LINKS", ""] + [f"- {l}" for l in c["links"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(os.path.join(ROOT, "src/FirmwareTools/en-US/FirmwareTools.dll-Help.xml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(maml(HELP))
    for c in HELP:
        with open(os.path.join(ROOT, "docs/help", c["name"] + ".md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(markdown(c))
    print(f"wrote help for {len(HELP)} cmdlets")
