using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// A DTR/RTS sequence that puts a chip on the DevKit auto-reset circuit into its ROM loader, with esptool's timings
    /// (docs/protocols/esp32-rom-loader.md §3.2). True = asserted = pin low; RTS drives EN, DTR drives GPIO0.
    /// </summary>
    public sealed class Esp32ResetStrategy
    {
        /// <summary>DEFAULT_RESET_DELAY: how long GPIO0 stays low after EN rises.</summary>
        public static readonly TimeSpan DefaultResetDelay = TimeSpan.FromMilliseconds(50);

        /// <summary>The alternate delay (DEFAULT_RESET_DELAY + 0.5 s) for boards with a large EN capacitor.</summary>
        public static readonly TimeSpan ExtendedResetDelay = TimeSpan.FromMilliseconds(550);

        /// <summary>How long EN is held low to reset the chip.</summary>
        public static readonly TimeSpan ResetPulse = TimeSpan.FromMilliseconds(100);

        private readonly Action<ISerialPort, CancellationToken> run;

        private Esp32ResetStrategy(string name, Action<ISerialPort, CancellationToken> run)
        {
            Name = name;
            this.run = run;
        }

        public string Name { get; }

        /// <summary>ClassicReset(d): DTR off, RTS on; 100 ms; DTR on, RTS off; d; DTR off.</summary>
        public static Esp32ResetStrategy ClassicReset(TimeSpan delay) => new Esp32ResetStrategy(
            $"ClassicReset({delay.TotalSeconds:0.##} s)",
            (port, token) =>
            {
                port.DtrEnable = false;
                port.RtsEnable = true;
                Wait(ResetPulse, token);
                port.DtrEnable = true;
                port.RtsEnable = false;
                Wait(delay, token);
                port.DtrEnable = false;
            });

        /// <summary>UnixTightReset(d): both lines in one operation so the chip never sees an intermediate state.</summary>
        public static Esp32ResetStrategy UnixTightReset(TimeSpan delay) => new Esp32ResetStrategy(
            $"UnixTightReset({delay.TotalSeconds:0.##} s)",
            (port, token) =>
            {
                port.SetModemLines(false, false);
                port.SetModemLines(true, true);
                port.SetModemLines(false, true);
                Wait(ResetPulse, token);
                port.SetModemLines(true, false);
                Wait(delay, token);
                port.SetModemLines(false, false);
                port.DtrEnable = false;
            });

        /// <summary>
        /// USBJTAGSerialReset, the sequence the USB-Serial/JTAG peripheral of newer chips understands (docs/protocols/esp32-family.md
        /// §3.3): clear the download latch, set it, reset the core with the latch set, hold, release both lines. The
        /// waits are <see cref="Esp32Timeouts.UsjLatchSettle"/> (esptool: 100 ms each, here 0 [I]) and
        /// <see cref="Esp32Timeouts.UsjResetHold"/> (esptool's 100 ms, kept).
        /// </summary>
        public static Esp32ResetStrategy UsbJtagSerialReset(Esp32Timeouts timeouts)
        {
            if (timeouts is null)
            {
                throw new ArgumentNullException(nameof(timeouts));
            }

            return new Esp32ResetStrategy(
                "USBJTAGSerialReset",
                (port, token) =>
                {
                    port.RtsEnable = false;
                    port.DtrEnable = false; // (0,0): clear the latch
                    Wait(timeouts.UsjLatchSettle, token);
                    port.DtrEnable = true;
                    port.RtsEnable = false; // (1,0): set the latch
                    Wait(timeouts.UsjLatchSettle, token);
                    port.RtsEnable = true; // (1,1): nothing, so the reset is not reached through (0,0)
                    port.DtrEnable = false; // (0,1): core reset, into the loader as the latch is set
                    port.RtsEnable = true;
                    Wait(timeouts.UsjResetHold, token);
                    port.DtrEnable = false;
                    port.RtsEnable = false; // (0,0): clear the latch, once the ROM has read it
                });
        }

        /// <summary>HardReset: pulse EN with GPIO0 released, so the chip boots its firmware.</summary>
        public static Esp32ResetStrategy HardReset { get; } = new Esp32ResetStrategy(
            "HardReset",
            (port, token) =>
            {
                port.DtrEnable = false;
                port.RtsEnable = true;
                Wait(ResetPulse, token);
                port.RtsEnable = false;
            });

        /// <summary>
        /// The strategies esptool cycles through for --before default-reset: on POSIX the tight variant first, on
        /// Windows only the classic one (usbser.sys cannot set both lines at once).
        /// </summary>
        public static IReadOnlyList<Esp32ResetStrategy> DefaultCycle(bool windows) => windows
            ? new[] { ClassicReset(DefaultResetDelay), ClassicReset(ExtendedResetDelay) }
            : new[] { UnixTightReset(DefaultResetDelay), UnixTightReset(ExtendedResetDelay), ClassicReset(DefaultResetDelay), ClassicReset(ExtendedResetDelay) };

        public static IReadOnlyList<Esp32ResetStrategy> DefaultCycle() => DefaultCycle(RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

        public void Run(ISerialPort port, CancellationToken cancellationToken)
        {
            if (port is null)
            {
                throw new ArgumentNullException(nameof(port));
            }

            run(port, cancellationToken);
        }

        public override string ToString() => Name;

        private static void Wait(TimeSpan time, CancellationToken token)
        {
            // A cancellable sleep: Ctrl+C during a reset sequence must not wait the sequence out.
            if (token.WaitHandle.WaitOne(time))
            {
                token.ThrowIfCancellationRequested();
            }
        }
    }
}
