using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ROM's UARTDEV_BUF_NO variable, which says which interface the loader is talking on (docs/protocols/esp32-family.md
    /// §3.2): how esptool up to 5.2 and esptool-js tell USB-Serial/JTAG and OTG from a bridge when the port has no USB ids
    /// (socket://, rfc2217://). Read with READ_REG, low byte; not readable in secure download mode.
    /// </summary>
    public sealed class Esp32UartDeviceVariable
    {
        public static readonly Esp32UartDeviceVariable S2 = new("ESP32-S2", 0x3FFFFD14, usbSerialJtag: null, usbOtg: 2);

        public static readonly Esp32UartDeviceVariable S3 = new("ESP32-S3", 0x3FCEF14C, usbSerialJtag: 4, usbOtg: 3);

        /// <summary>ESP32-C3 from revision v1.1 on.</summary>
        public static readonly Esp32UartDeviceVariable C3 = new("ESP32-C3", 0x3FCDF078, usbSerialJtag: 3, usbOtg: null);

        /// <summary>ESP32-C3 before revision v1.1 (the variable sits 4 bytes higher).</summary>
        public static readonly Esp32UartDeviceVariable C3BeforeV101 = new("ESP32-C3", 0x3FCDF07C, usbSerialJtag: 3, usbOtg: null);

        public static readonly Esp32UartDeviceVariable C6 = new("ESP32-C6", 0x4087F580, usbSerialJtag: 3, usbOtg: null);

        private Esp32UartDeviceVariable(string chip, uint address, int? usbSerialJtag, int? usbOtg)
        {
            Chip = chip;
            Address = address;
            UsbSerialJtagValue = usbSerialJtag;
            UsbOtgValue = usbOtg;
        }

        public string Chip { get; }

        /// <summary>The variable's address (a READ_REG operand).</summary>
        public uint Address { get; }

        /// <summary>The low byte that means USB-Serial/JTAG; null on a chip without one.</summary>
        public int? UsbSerialJtagValue { get; }

        /// <summary>The low byte that means the ROM's USB-OTG CDC; null on a chip without one.</summary>
        public int? UsbOtgValue { get; }

        /// <summary>The variable of a chip by the name detection gives and its revision (major × 100 + minor); null for the ESP32 and others.</summary>
        public static Esp32UartDeviceVariable? ForChip(string? chip, int revisionFull)
        {
            switch (chip?.ToUpperInvariant())
            {
                case "ESP32-S2": return S2;
                case "ESP32-S3": return S3;
                case "ESP32-C3": return revisionFull >= 101 ? C3 : C3BeforeV101;
                case "ESP32-C6": return C6;
                default: return null;
            }
        }

        /// <summary>The connection the variable's value says.</summary>
        public Esp32Connection ConnectionOf(uint value)
        {
            int low = (int)(value & 0xFF);
            if (low == UsbSerialJtagValue)
            {
                return Esp32Connection.UsbSerialJtag;
            }

            return low == UsbOtgValue ? Esp32Connection.UsbOtg : Esp32Connection.UsbUartBridge;
        }

        public override string ToString() => FormattableString.Invariant($"{Chip} UARTDEV_BUF_NO at 0x{Address:X8}");
    }
}
