using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// STM32 boards with a USB DFU bootloader (docs/protocols/board-update.md §3.1, §3.2): <c>machine.bootloader()</c>
    /// over the raw REPL; the DFU device with the USB serial number the board's <c>unique_id()</c> gives (§2.1), or the
    /// only new one; the file written with the filesystem kept and verified; DFU left (mboot and the ROM reset); the
    /// serial port awaited.
    /// </summary>
    public sealed class PyboardRoute : BoardRoute
    {
        public PyboardRoute(BoardUpdateWorld world)
            : base(world)
        {
        }

        public override string Description => "machine.bootloader(), then USB DFU (the DFU device with the board's serial number)";

        public override string FirmwareExtension => "dfu";

        public override void CheckFirmware(string path) => FirmwareFamily.RequireStm32(path);

        /// <summary>The serials the STM32 ROM and mboot give the DFU device, from the unique id (§2.2).</summary>
        public override IEnumerable<string> BootloaderSerials(BoardSurvey survey) =>
            Stm32UsbSerial.Candidates((survey ?? throw new ArgumentNullException(nameof(survey))).UniqueIdBytes());

        public override void Flash(BoardUpdateContext context, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            IReadOnlyList<string> serials = BootloaderSerials(context.Plan.Survey).ToList();
            string expected = $"a DFU device 0483:df11 with serial {string.Join(" or ", serials)}";
            IUsbBackend usb = World.Usb();
            List<string> before = DfuDeviceFinder.Find(usb, null, context.Log, cancellationToken).Select(Describe).ToList();

            AskForBootloader(context, cancellationToken);
            DfuDevice? device = PollFor(World.Timeouts.DfuDeviceAppears, () => Match(usb, serials, context), cancellationToken);
            if (device is null)
            {
                // Another board's bootloader is never this board's, however alone it is.
                List<DfuDevice> now = DfuDeviceFinder.Find(usb, null, context.Log, cancellationToken)
                    .Where(d => World.BootloaderSerials.OtherBoard(d.SerialNumber, context.Port) is null).ToList();
                List<string> added = NewSince(before, now.Select(Describe));
                if (added.Count == 1)
                {
                    // §2.2 rule 3: the serial rule failed (the ST ROM's serial is [U]), but exactly one DFU device appeared.
                    device = now.First(d => Describe(d) == added[0]);
                    context.Log.Warning($"{context.Port}: the DFU device {added[0]} has none of the serials {string.Join(", ", serials)} the board's unique id gives; taking it as the only DFU device that appeared.");
                }
                else if (added.Count > 1)
                {
                    throw BoardUpdateErrors.BootloaderAmbiguous(context.Port, context.Plan.Identity.FullName, expected, added);
                }
                else
                {
                    throw BoardUpdateErrors.BootloaderNotFound(context.Port, context.Plan.Identity.FullName, expected, World.Timeouts.DfuDeviceAppears, now.Select(Describe).ToList());
                }
            }

            context.BootloaderDevice = Describe(device);
            context.Stage = BoardUpdateStage.InBootloader;
            context.Step("Bootloader", done: true);
            context.Log.Verbose($"{context.Port}: the board is {context.BootloaderDevice}");

            PyboardInstallPreparation prepared = PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = context.FirmwarePath, Verify = true });
            if (prepared.FilesystemEffect is string effect)
            {
                throw BoardUpdateErrors.WouldEraseFilesystem(context.Port, context.Plan.FirmwareName, effect);
            }

            context.Stage = BoardUpdateStage.Flashing;
            PyboardInstaller.Install(prepared, context.Progress, context.Log, cancellationToken);
            context.Stage = BoardUpdateStage.Restarting;
        }

        /// <summary>The DFU device with the board's serial, present on the bus after leaving: the DFU jumper (§4).</summary>
        protected override string? StillInBootloader(BoardUpdateContext context)
        {
            IReadOnlyList<string> serials = BootloaderSerials(context.Plan.Survey).ToList();
            return Match(World.Usb(), serials, context) is DfuDevice device ? Describe(device) : null;
        }

        private static DfuDevice? Match(IUsbBackend usb, IReadOnlyList<string> serials, BoardUpdateContext context) =>
            DfuDeviceFinder.Find(usb, null, context.Log, CancellationToken.None)
                .FirstOrDefault(d => d.SerialNumber != null && serials.Contains(d.SerialNumber.Trim(), StringComparer.OrdinalIgnoreCase));

        private static string Describe(DfuDevice d) => $"{d.Id} {d.SerialNumber ?? "(no serial)"} at {d.PortPath}";
    }
}
