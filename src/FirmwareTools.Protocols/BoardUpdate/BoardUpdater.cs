using System;
using System.Threading;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// Update-Firmware's operation, in the two steps of every family operation: <see cref="Plan"/> reads one board over
    /// its raw REPL (version, <c>_build</c>, <c>unique_id()</c>), names it, chooses the release and the route, and decides
    /// whether it is already current (docs/protocols/board-update.md §1, §5.2), changing nothing; <see cref="Run"/> fetches
    /// and checks the file, takes the board through its route, and confirms by reading it again: the wanted version from
    /// the same <c>unique_id()</c> (§5.3).
    /// </summary>
    public sealed class BoardUpdater
    {
        private readonly BoardUpdateWorld world;

        public BoardUpdater(BoardUpdateWorld world) => this.world = world ?? throw new ArgumentNullException(nameof(world));

        public BoardUpdatePlan Plan(string port, BoardUpdateRequest request, OperationLog? log, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            BoardSurvey survey = BoardRoute.Survey(world, port, world.ReplOptions, log, cancellationToken);
            log.Verbose($"{port}: {survey.Version.Machine} runs {survey.VersionText}, unique id {survey.UniqueId ?? "(none)"}");
            BoardIdentity identity = Identify(survey, request);
            BoardRoute route = RouteFor(port, identity);
            if (survey.UniqueId is null)
            {
                throw BoardUpdateErrors.NoUniqueId(port, identity.FullName);
            }

            world.BootloaderSerials.Expect(port, route.BootloaderSerials(survey));

            // §5.2: a dirty, custom or unknown build is never current and never newer: it is treated as behind, with a warning.
            FirmwareVersion? running = Comparable(survey, identity, log);
            if (request.Path != null)
            {
                FirmwareVersion fromFile = FirmwareFileVersion.Read(request.Path);
                route.CheckFirmware(request.Path);
                return new BoardUpdatePlan(survey, identity, route, fromFile, System.IO.Path.GetFileName(request.Path))
                {
                    GivenPath = request.Path,
                    IsCurrent = Same(running, fromFile),
                    IsNewer = Newer(running, fromFile),
                };
            }

            FirmwareRelease release = world.Catalog.Select(identity, request.Version, log, cancellationToken);
            FirmwareVersion wanted = FirmwareVersion.Parse(release.Version);
            return new BoardUpdatePlan(survey, identity, route, wanted, release.FileName)
            {
                Release = release,
                IsCurrent = Same(running, wanted),
                IsNewer = Newer(running, wanted),
            };
        }

        /// <summary>
        /// Updates the planned board, or returns AlreadyCurrent without touching it. Board failures are thrown (the
        /// cmdlet writes one error per board); <paramref name="context"/> tells where the board was left.
        /// </summary>
        public BoardUpdateResult Run(BoardUpdateContext context, BoardUpdateRequest request, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            BoardUpdatePlan plan = context.Plan;
            if (plan.IsCurrent && !request.Force)
            {
                context.Log.Verbose($"{plan.Port}: {plan.Identity.FullName} already runs {plan.Before}; not touched.");
                context.Stage = BoardUpdateStage.NewFirmware;
                return Untouched(plan, BoardUpdateAction.AlreadyCurrent, context.Elapsed);
            }

            if (plan.IsNewer && !request.AllowDowngrade)
            {
                context.Log.Warning($"{plan.Port}: {plan.Identity.FullName} runs {plan.Before}, which is newer than {plan.Wanted}: it is not touched. Add -AllowDowngrade to flash {plan.FirmwareName} anyway.");
                return Untouched(plan, BoardUpdateAction.SkippedNewer, context.Elapsed);
            }

            // Everything about the file is settled before the board is asked to leave its firmware.
            context.FirmwarePath = plan.GivenPath ?? world.Catalog.Fetch(plan.Release!, request.CacheFolder, context.Log, context.Progress, cancellationToken);
            plan.Route.CheckFirmware(context.FirmwarePath);
            context.Log.Verbose($"{plan.Port}: {plan.Description} by {plan.Route.Description}");

            plan.Route.Flash(context, cancellationToken);
            BoardSurvey after = plan.Route.WaitForRepl(context, cancellationToken);
            context.Step("Confirm");
            Confirm(plan, after);
            context.Stage = BoardUpdateStage.NewFirmware;
            context.Step("Confirm", done: true);
            return new BoardUpdateResult(plan.Port, BoardUpdateAction.Updated, context.Elapsed)
            {
                Board = plan.Identity.FullName,
                Before = plan.Before,
                After = after.VersionText,
                Firmware = plan.FirmwareName,
                UniqueId = after.UniqueId,
                Stage = BoardUpdateStage.NewFirmware,
                CurrentPort = context.CurrentPort,
            };
        }

        /// <summary>The result for a board that was read and left alone: it runs what it ran.</summary>
        private static BoardUpdateResult Untouched(BoardUpdatePlan plan, BoardUpdateAction action, TimeSpan elapsed) =>
            new BoardUpdateResult(plan.Port, action, elapsed)
            {
                Board = plan.Identity.FullName,
                Before = plan.Before,
                After = plan.Before,
                Firmware = plan.FirmwareName,
                UniqueId = plan.Survey.UniqueId,
                Stage = BoardUpdateStage.OldFirmware,
            };

        /// <summary>§5.3 step 2: the same board (unique id), running the wanted version.</summary>
        private static void Confirm(BoardUpdatePlan plan, BoardSurvey after)
        {
            if (!string.Equals(after.UniqueId, plan.Survey.UniqueId, StringComparison.OrdinalIgnoreCase))
            {
                throw BoardUpdateErrors.OtherBoardAnswered(plan.Port, plan.Identity.FullName, plan.Survey.UniqueId ?? "(none)", after.UniqueId ?? "(none)");
            }

            if (!Same(after.Version.MicroPythonVersion, plan.Wanted))
            {
                throw BoardUpdateErrors.VersionNotConfirmed(plan.Port, plan.Identity.FullName, plan.Wanted.ToString(), $"{after.VersionText} ({after.Version.Machine})", plan.FirmwareName);
            }
        }

        /// <summary>§5.2: newer than wanted (a preview of the next release against the latest one).</summary>
        private static bool Newer(FirmwareVersion? running, FirmwareVersion wanted) => running != null && running > wanted;

        /// <summary>
        /// The running version, or null for a dirty (locally modified) or unreadable build, which §5.2 treats as behind
        /// whatever is wanted; the user is warned, as the board will be flashed.
        /// </summary>
        private static FirmwareVersion? Comparable(BoardSurvey survey, BoardIdentity identity, OperationLog? log)
        {
            FirmwareVersion? running = survey.Version.MicroPythonVersion;
            string describe = survey.VersionText;
            bool dirty = describe.EndsWith("dirty", StringComparison.OrdinalIgnoreCase);
            if (running != null && !dirty)
            {
                return running;
            }

            log.Warning($"{survey.Port}: {identity.FullName} runs {describe}, {(dirty ? "a locally modified (dirty) build" : "a custom build whose version cannot be read")}: it is treated as older than any release and will be flashed.");
            return null;
        }

        /// <summary>§5.2: equal versions, and for previews the same build number and commit; a dirty build never equals.</summary>
        private static bool Same(FirmwareVersion? running, FirmwareVersion wanted) =>
            running != null && running.Equals(wanted) && (wanted.Commit is null || string.Equals(running.Commit, wanted.Commit, StringComparison.OrdinalIgnoreCase));

        /// <summary>The board the REPL names (§1), or -Board: refused when they differ, unless -Force (§5.2).</summary>
        private static BoardIdentity Identify(BoardSurvey survey, BoardUpdateRequest request)
        {
            BoardIdentity? reported = null;
            FirmwareError? unknown = null;
            try
            {
                reported = BoardIdentifier.Identify(survey.Version, survey.Build);
            }
            catch (FirmwareError e) when (e.Definition == MicroPythonErrors.BoardNotIdentifiedId)
            {
                unknown = e;
            }

            if (string.IsNullOrWhiteSpace(request.Board))
            {
                return reported ?? throw unknown!;
            }

            BoardIdentity given = BoardIdentifier.FromBuild(request.Board!.Trim().ToUpperInvariant(), reported?.Chip ?? BoardIdentifier.ChipOf(survey.Version.Machine), survey.Version.SysName)
                ?? throw BoardUpdateErrors.FamilyNotSupported(survey.Port, request.Board!, $"the board reports platform '{survey.Version.SysName}', which has no bootloader route");
            if (reported != null && !string.Equals(reported.Board, given.Board, StringComparison.OrdinalIgnoreCase) && !request.Force)
            {
                throw BoardUpdateErrors.BoardMismatch(survey.Port, reported.FullName, given.FullName);
            }

            return given;
        }

        /// <summary>
        /// The ESP32 family's route from the chip and the port's USB ids (docs/protocols/board-update.md §3.5a): a port
        /// with no USB ids (socket://, rfc2217://) or a USB-UART bridge's (CP210x, CH34x, FTDI, PL2303) is a bridge with
        /// DTR/RTS; 303A:1001 is the USB-Serial/JTAG, on any chip; any other id on an S2 or S3 is native USB, whatever the
        /// vendor (TinyUSB's 303A:4001, a board's own such as Adafruit's 239A: MicroPython's serial number carries the MAC
        /// either way, so the route finds the board again by those ids and the MAC). An unknown id on a chip without USB OTG
        /// (ESP32, C3, C6) is a bridge the module does not know; Espressif's own id there is neither route and is refused.
        /// </summary>
        private BoardRoute Esp32RouteFor(string port, BoardIdentity identity)
        {
            Serial.SerialPortInfo? listing = identity.Chip == "ESP32" ? null : Esp32UsbPorts.Listing(world.ListPorts(), port);
            if (listing?.VendorId is null || Esp32UsbPorts.IsUsbUartBridge(listing))
            {
                return new Esp32BridgeRoute(world);
            }

            if (Esp32UsbPorts.Is(listing, Esp32.Esp32Connections.UsbSerialJtagProductId))
            {
                return new Esp32UsbSerialJtagRoute(world);
            }

            if (identity.Chip == "ESP32-S2" || identity.Chip == "ESP32-S3")
            {
                return new Esp32NativeUsbRoute(world, identity.Chip!);
            }

            if (listing.VendorId.Value.Value == Esp32.Esp32Connections.EspressifVendorId)
            {
                throw BoardUpdateErrors.FamilyNotSupported(port, identity.FullName, $"{port} is Espressif USB device {listing.Id}, which is neither the USB-Serial/JTAG (303A:1001) nor an S2/S3's native USB");
            }

            return new Esp32BridgeRoute(world);
        }

        /// <summary>One route per family and connection (§3); those not built yet say so.</summary>
        private BoardRoute RouteFor(string port, BoardIdentity identity) => identity.Family switch
        {
            BoardFamily.Stm32 => new PyboardRoute(world),
            BoardFamily.Rp2 => new Rp2Route(world),
            BoardFamily.Esp32 => Esp32RouteFor(port, identity),
            BoardFamily.Pycom => throw BoardUpdateErrors.FamilyNotSupported(port, identity.FullName, "Pycom boards take Pycom's own packages through their PIC or the G23 jumper"),
            _ => throw BoardUpdateErrors.FamilyNotSupported(port, identity.FullName, $"the {identity.Family} family has no bootloader route in this module"),
        };
    }
}
