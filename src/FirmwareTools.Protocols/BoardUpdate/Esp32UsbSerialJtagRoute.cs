using System;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// An ESP32-C3 or C6 (or an S3 built without TinyUSB) whose MicroPython talks over the chip's USB-Serial/JTAG, 303A:1001
    /// with serial = MAC (docs/protocols/board-update.md §3.5): the USB-Serial/JTAG reset takes it into the ROM on the same
    /// device (the C6 has no <c>machine.bootloader()</c>, and a reset that never set FORCE_DOWNLOAD_BOOT leaves nothing that
    /// brings it back there); the install disables the RTC watchdog, writes at the chip's offset, and the RTS reset starts
    /// the new firmware. Should the port re-enumerate, the board is followed by its MAC.
    /// </summary>
    public sealed class Esp32UsbSerialJtagRoute : Esp32Route
    {
        public Esp32UsbSerialJtagRoute(BoardUpdateWorld world)
            : base(world)
        {
        }

        public override string Description => "the USB-Serial/JTAG reset into the ROM loader on the same device, then an RTS reset back, the port followed by MAC";

        public override void Flash(BoardUpdateContext context, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            string mac = context.Plan.Survey.UniqueId ?? string.Empty;
            SerialPortInfo? listing = Esp32UsbPorts.Listing(World.ListPorts(), context.Port);
            var request = new Esp32InstallRequest
            {
                Port = context.Port,
                Regions = new[] { Esp32Installer.RegionForFirmware(context.FirmwarePath) },
                Before = Esp32BeforeMode.DefaultReset, // the USB-Serial/JTAG sequence on this connection
                After = Esp32AfterMode.HardReset,
                Verify = true,
                Connection = Esp32Connection.UsbSerialJtag,
                PortUsbId = (Esp32Connections.EspressifVendorId, Esp32Connections.UsbSerialJtagProductId),
                PortIdentity = listing,
                ReenumerationTimeout = World.Timeouts.NativeUsbPortAppears,
                ExpectedMac = mac,
            };
            context.Step("Bootloader");
            context.Stage = BoardUpdateStage.EnteringBootloader;
            Esp32RouteInstall.Run(World, context, request, cancellationToken);
            if (listing is null)
            {
                return; // a port without a listing (socket://) keeps its name
            }

            // §3.5: match by serial either way; the reset may have given the device another name.
            SerialPortInfo back = PollFor(World.Timeouts.NativeUsbPortAppears, () => World.ListPorts().FirstOrDefault(p => Esp32UsbPorts.Is(p, Esp32Connections.UsbSerialJtagProductId) && Esp32UsbPorts.HasMac(p, mac)), cancellationToken)
                ?? throw BoardUpdateErrors.NotBack(
                    context.Port,
                    context.Plan.Identity.FullName,
                    context.Plan.FirmwareName,
                    World.Timeouts.NativeUsbPortAppears,
                    $"no USB-Serial/JTAG port 303A:1001 with serial number {Esp32UsbPorts.Colons(mac)} is listed after the reset");
            context.CurrentPort = back.Port;
        }
    }
}
