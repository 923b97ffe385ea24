using System;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// How a REPL port is opened and closed (docs/protocols/board-update.md §3.0 step 1): DTR raised, because native USB
    /// CDC stacks (stm32, rp2, TinyUSB) send nothing until the host raises it; then RTS, so a USB-UART bridge with the
    /// DevKit auto-reset circuit only ever sees both lines off, DTR alone, or both on, never RTS alone (a reset). On close
    /// RTS is cleared before DTR for the same reason (mpremote 3dd8073c29).
    /// </summary>
    public static class ReplPortLines
    {
        /// <summary>Settings for <see cref="SerialPorts.Open"/>: DTR then RTS asserted right after opening (one call, DTR first).</summary>
        public static SerialPortSettings OpenSettings(int baudRate) =>
            new SerialPortSettings { BaudRate = baudRate, Dtr = true, Rts = true };

        /// <summary>Clears RTS, then DTR, then closes; a port that is already gone is closed without complaint.</summary>
        public static void Close(ISerialPort? port)
        {
            if (port is null)
            {
                return;
            }

            try
            {
                if (port.SupportsModemLines)
                {
                    port.RtsEnable = false;
                    port.DtrEnable = false;
                }
            }
            catch (Exception e) when (e is SerialPortLostException || e is ObjectDisposedException || e is InvalidOperationException || e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                // The board left the bus (machine.bootloader()): there are no lines left to order.
            }
            finally
            {
                port.Dispose();
            }
        }
    }
}
