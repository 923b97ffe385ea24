using System;
using System.Threading;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// The original ESP32 behind a USB-UART bridge (docs/protocols/board-update.md §3.3), or any ESP32-family chip on a
    /// bridge (an S3 DevKit's UART port; §3.5a): the original has no <c>machine.bootloader()</c>, so the classic DTR/RTS
    /// download reset takes it into the ROM loader on the same port, the merged image goes to the chip's offset (0x1000 on
    /// the ESP32 and S2, 0x0 on the S3, C3 and C6; Install-Esp32Firmware's install: compressed, MD5-verified), an RTS pulse
    /// starts it, and the port name stays.
    /// </summary>
    public sealed class Esp32BridgeRoute : Esp32Route
    {
        public Esp32BridgeRoute(BoardUpdateWorld world)
            : base(world)
        {
        }

        public override string Description => "the DTR/RTS download reset on the same port, then the ROM serial loader";

        public override void Flash(BoardUpdateContext context, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            var request = new Esp32InstallRequest
            {
                Port = context.Port,
                Regions = new[] { Esp32Installer.RegionForFirmware(context.FirmwarePath) },
                Before = Esp32BeforeMode.DefaultReset,
                After = Esp32AfterMode.HardReset,
                Verify = true,

                // §3.3: the ROM's MAC must be the unique id read over the REPL, so the wrong board is never flashed.
                ExpectedMac = context.Plan.Survey.UniqueId,
            };
            context.Step("Bootloader");
            context.Stage = BoardUpdateStage.EnteringBootloader;
            Esp32RouteInstall.Run(World, context, request, cancellationToken);
        }
    }
}
