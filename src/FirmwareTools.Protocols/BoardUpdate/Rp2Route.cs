using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// The Raspberry Pi Pico (docs/protocols/board-update.md §3.6): <c>machine.bootloader()</c>; the BOOTSEL device matched
    /// by serial on the RP2350 (its BOOTSEL serial is the chip id, which <c>unique_id()</c> gives [I]) or by the USB port
    /// path on the RP2040 (its BOOTSEL serial is the same on every chip, §2.1, §2.2 rule 2); the UF2 written over
    /// PICOBOOT, read back, and the board rebooted (Install-Rp2Firmware's install).
    /// </summary>
    public sealed class Rp2Route : BoardRoute
    {
        public Rp2Route(BoardUpdateWorld world)
            : base(world)
        {
        }

        public override string Description => "machine.bootloader(), then PICOBOOT on the BOOTSEL device (serial on the RP2350, USB port on the RP2040)";

        public override string FirmwareExtension => "uf2";

        public override void CheckFirmware(string path) => Uf2File.Read(path);

        /// <summary>The BOOTSEL serial: the unique id in upper-case hex (the RP2350's ROM; an RP2040's is found by USB port).</summary>
        public override IEnumerable<string> BootloaderSerials(BoardSurvey survey) =>
            (survey ?? throw new ArgumentNullException(nameof(survey))).UniqueId is string uid ? new[] { uid.ToUpperInvariant() } : Array.Empty<string>();

        public override void Flash(BoardUpdateContext context, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            string uid = context.Plan.Survey.UniqueId ?? string.Empty;
            IUsbBackend usb = World.Usb();

            // §2.2: the running board's USB port path, read before the trigger (the only rule for an RP2040).
            string? location = RunningBoardLocation(usb, uid, context);
            List<string> before = Find(usb, context).Select(Describe).ToList();
            string expected = $"a BOOTSEL device (2E8A:0003 or 2E8A:000F) with serial {uid.ToUpperInvariant()} or at USB port {location ?? "(unknown)"}";

            AskForBootloader(context, cancellationToken);
            Rp2Device? device = PollFor(World.Timeouts.BootselDeviceAppears, () => Match(usb, uid, location, context), cancellationToken);
            if (device is null)
            {
                List<Rp2Device> now = Find(usb, context).Where(d => World.BootloaderSerials.OtherBoard(d.SerialNumber, context.Port) is null).ToList();
                List<string> added = NewSince(before, now.Select(Describe));
                if (added.Count == 1 && location is null)
                {
                    device = now.First(d => Describe(d) == added[0]);
                    context.Log.Warning($"{context.Port}: taking {added[0]} as the board: it is the only BOOTSEL device that appeared.");
                }
                else if (added.Count > 1)
                {
                    throw BoardUpdateErrors.BootloaderAmbiguous(context.Port, context.Plan.Identity.FullName, expected, added);
                }
                else
                {
                    throw BoardUpdateErrors.BootloaderNotFound(context.Port, context.Plan.Identity.FullName, expected, World.Timeouts.BootselDeviceAppears, now.Select(Describe).ToList());
                }
            }

            context.BootloaderDevice = Describe(device);
            context.Stage = BoardUpdateStage.InBootloader;
            context.Step("Bootloader", done: true);
            Rp2InstallPreparation prepared = Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = context.FirmwarePath, Method = Rp2InstallMethod.Picoboot, Board = context.Plan.Identity.Board });
            context.Stage = BoardUpdateStage.Flashing;
            Rp2Installer.Install(prepared, usb, context.Progress, context.Log, cancellationToken);
            context.Stage = BoardUpdateStage.Restarting;
        }

        protected override string? StillInBootloader(BoardUpdateContext context)
        {
            IUsbBackend usb = World.Usb();
            return Match(usb, context.Plan.Survey.UniqueId ?? string.Empty, null, context) is Rp2Device d ? Describe(d) : null;
        }

        private static IReadOnlyList<Rp2Device> Find(IUsbBackend usb, BoardUpdateContext context) =>
            Rp2DeviceFinder.Find(usb, context.Log, _ => Array.Empty<string>());

        private static Rp2Device? Match(IUsbBackend usb, string uid, string? location, BoardUpdateContext context) =>
            Find(usb, context).FirstOrDefault(d =>
                (d.Chip == Rp2Chip.Rp2350 && string.Equals(d.SerialNumber, uid, StringComparison.OrdinalIgnoreCase))
                || (d.Chip == Rp2Chip.Rp2040 && location != null && d.Location == location));

        private static string? RunningBoardLocation(IUsbBackend usb, string uid, BoardUpdateContext context)
        {
            foreach (IUsbDevice device in usb.GetDevices())
            {
                try
                {
                    var descriptor = UsbDeviceDescriptor.Parse(device.GetDeviceDescriptor(), device.Location.ToString());
                    if (descriptor.VendorId != Rp2UsbIds.VendorId || descriptor.ProductId != Rp2UsbIds.MicroPython)
                    {
                        continue;
                    }

                    device.Open();
                    string? serial = new UsbStringReader(device, context.Log).Read(descriptor.SerialNumberIndex);
                    if (string.Equals(serial, uid, StringComparison.OrdinalIgnoreCase))
                    {
                        return device.Location.PortPath;
                    }
                }
                catch (FirmwareToolsException e)
                {
                    context.Log.Debug($"{device.Location}: not read: {e.Message}");
                }
            }

            return null;
        }

        private static string Describe(Rp2Device d) => $"{d.VendorId:x4}:{d.ProductId:x4} {d.SerialNumber ?? "(no serial)"} at {d.Location}";
    }
}
