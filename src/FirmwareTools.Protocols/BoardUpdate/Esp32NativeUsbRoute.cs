using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// An ESP32-S2 or S3 whose MicroPython talks over its own USB through TinyUSB (303A:4001, or the board's own ids such as
    /// Adafruit's 239A; docs/protocols/board-update.md §3.4): <c>machine.bootloader()</c> makes the port vanish and the ROM's port appear (the S3's USB-Serial/JTAG 303A:1001,
    /// serial = MAC, found by MAC; the S2's OTG CDC 303A:0002, whose serial is not the MAC, found by the USB location the
    /// board had). The image goes there through the matching <see cref="Esp32Connection"/>; the ROM is left by the
    /// connection's reset (S3: FORCE_DOWNLOAD_BOOT cleared, then RTS; S2: a watchdog reset), and MicroPython's port is found
    /// again by the USB ids it had before and the MAC its serial number starts with, perhaps under another name. Never the "only new port": two boards vanishing at once are an error.
    /// </summary>
    public sealed class Esp32NativeUsbRoute : Esp32Route
    {
        private readonly bool isS2;

        public Esp32NativeUsbRoute(BoardUpdateWorld world, string chip)
            : base(world)
        {
            isS2 = string.Equals(chip, "ESP32-S2", StringComparison.OrdinalIgnoreCase);
        }

        public override string Description => isS2
            ? "machine.bootloader(), then the ROM's USB-OTG port found by USB location, a watchdog reset, and MicroPython's port found again by MAC"
            : "machine.bootloader(), then the ROM's USB-Serial/JTAG port found by MAC, FORCE_DOWNLOAD_BOOT cleared and an RTS reset, and MicroPython's port found again by MAC";

        public override void Flash(BoardUpdateContext context, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            string mac = context.Plan.Survey.UniqueId ?? string.Empty;
            string board = context.Plan.Identity.FullName;
            Esp32Region region = Esp32Installer.RegionForFirmware(context.FirmwarePath);

            // §2.2: the snapshot and the board's USB location are read before the trigger.
            IReadOnlyList<SerialPortInfo> before = World.ListPorts();
            SerialPortInfo? app = Esp32UsbPorts.Listing(before, context.Port);
            if (app?.VendorId is null || app.ProductId is null)
            {
                throw Esp32Errors.PortNotTraceable(context.Port); // its USB ids are what it is found again by
            }

            string? location = app.UsbLocation;
            if (isS2 && string.IsNullOrEmpty(location))
            {
                throw Esp32Errors.PortNotTraceable(context.Port);
            }

            ushort romProductId = isS2 ? Esp32Connections.S2RomOtgProductId : Esp32Connections.UsbSerialJtagProductId;
            string expected = isS2
                ? $"the ROM's USB-OTG port 303A:{romProductId:X4} at USB location {location}"
                : $"the ROM's USB-Serial/JTAG port 303A:{romProductId:X4} with serial number {Esp32UsbPorts.Colons(mac)}";

            AskForBootloader(context, cancellationToken);
            TimeSpan wait = World.Timeouts.NativeUsbPortAppears;
            SerialPortInfo rom = PollFor(wait, () => RomPort(romProductId, mac, location, context, expected), cancellationToken)
                ?? throw NoRomPort(context, expected, before);
            context.BootloaderDevice = Esp32UsbPorts.Describe(rom);
            context.Stage = BoardUpdateStage.InBootloader;
            context.Step("Bootloader", done: true);
            context.Log.Verbose($"{context.Port}: {board} is in its ROM loader on {Esp32UsbPorts.Describe(rom)}.");

            var request = new Esp32InstallRequest
            {
                Port = rom.Port,
                Regions = new[] { region },
                Before = Esp32BeforeMode.NoReset, // machine.bootloader() already put it there
                After = Esp32AfterMode.HardReset, // the connection's way out (§3.4)
                Verify = true,
                Connection = isS2 ? Esp32Connection.UsbOtg : Esp32Connection.UsbSerialJtag,
                PortUsbId = (Esp32Connections.EspressifVendorId, romProductId),
                PortIdentity = rom,
                ReenumerationTimeout = wait,
                ExpectedMac = mac,
            };
            Esp32RouteInstall.Run(World, context, request, cancellationToken);

            SerialPortInfo back = PollFor(wait, () => ApplicationPort(app, mac), cancellationToken)
                ?? throw BoardUpdateErrors.NotBack(
                    context.Port,
                    board,
                    context.Plan.FirmwareName,
                    wait,
                    $"no port {Esp32UsbPorts.UsbIds(app)} with a USB serial number starting with {mac} appeared; listed now: {ListedNow()}");
            if (!string.Equals(back.Port, context.Port, StringComparison.Ordinal))
            {
                context.Log.Verbose($"{context.Port}: {board} came back as {back.Port}.");
            }

            context.CurrentPort = back.Port;
        }

        /// <summary>The ROM's port of this board, or null; two that both match are never guessed between.</summary>
        private SerialPortInfo? RomPort(ushort productId, string mac, string? location, BoardUpdateContext context, string expected)
        {
            List<SerialPortInfo> matches = World.ListPorts()
                .Where(p => Esp32UsbPorts.Is(p, productId) && (isS2 ? string.Equals(p.UsbLocation, location, StringComparison.Ordinal) : Esp32UsbPorts.HasMac(p, mac)))
                .ToList();
            if (matches.Count > 1)
            {
                throw BoardUpdateErrors.BootloaderAmbiguous(context.Port, context.Plan.Identity.FullName, expected, matches.Select(Esp32UsbPorts.Describe).ToList());
            }

            return matches.FirstOrDefault();
        }

        /// <summary>
        /// MicroPython's TinyUSB port again (§3.4 A'): the USB ids the application had before the trigger (303A:4001 or the
        /// board's own) and a serial number that starts with the board's MAC, which TinyUSB builds from the chip whatever the ids.
        /// </summary>
        private SerialPortInfo? ApplicationPort(SerialPortInfo before, string mac) =>
            World.ListPorts().FirstOrDefault(p => Esp32UsbPorts.Is(p, before.VendorId!.Value, before.ProductId!.Value) && Esp32UsbPorts.HasMac(p, mac));

        /// <summary>
        /// Nothing that is this board appeared: several new ports are ambiguous (§2.2 rule 4: never a guess), otherwise the
        /// board's ROM port did not come.
        /// </summary>
        private FirmwareError NoRomPort(BoardUpdateContext context, string expected, IReadOnlyList<SerialPortInfo> before)
        {
            List<string> added = Esp32UsbPorts.Added(before, World.ListPorts());
            return added.Count > 1
                ? BoardUpdateErrors.BootloaderAmbiguous(context.Port, context.Plan.Identity.FullName, expected, added)
                : BoardUpdateErrors.BootloaderNotFound(context.Port, context.Plan.Identity.FullName, expected, World.Timeouts.NativeUsbPortAppears, added);
        }

        private string ListedNow()
        {
            List<string> now = World.ListPorts().Select(Esp32UsbPorts.Describe).ToList();
            return now.Count == 0 ? "no ports" : string.Join("; ", now);
        }
    }
}
