using System;
using System.Collections.Generic;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// How the installer reaches ports: opens one by name, and lists the machine's ports (Get-SerialPort's listing) to
    /// find a board again when a reset made its port re-enumerate. Tests and the simulators pass their own.
    /// </summary>
    public sealed class Esp32PortAccess
    {
        public Esp32PortAccess(Func<string, CancellationToken, ISerialPort> open, Func<IReadOnlyList<SerialPortInfo>> list)
        {
            Open = open ?? throw new ArgumentNullException(nameof(open));
            List = list ?? throw new ArgumentNullException(nameof(list));
        }

        public Func<string, CancellationToken, ISerialPort> Open { get; }

        public Func<IReadOnlyList<SerialPortInfo>> List { get; }
    }
}
