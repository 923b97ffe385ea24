using System;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// What a host needs of USB CDC 1.2 and its PSTN subclass 1.2 to drive an Abstract Control Model function as a serial
    /// port, named as the specifications name them: the class codes that find the function, the three class requests
    /// (§6.3.10 SET_LINE_CODING, §6.3.11 GET_LINE_CODING, §6.3.12 SET_CONTROL_LINE_STATE) and their payloads. MicroPython's
    /// USB REPL (pyboard, Pico, TinyUSB on an ESP32-S2/S3) and the ESP32 family's USB-Serial/JTAG are such functions; the
    /// USB-Serial/JTAG reads DTR and RTS from SET_CONTROL_LINE_STATE to reset the chip (docs/protocols/esp32-family.md §3).
    /// </summary>
    public static class UsbCdcAcm
    {
        /// <summary>bInterfaceClass of the communication interface (CDC 1.2 §4.2).</summary>
        public const byte CommunicationInterfaceClass = 0x02;

        /// <summary>bInterfaceSubClass of an Abstract Control Model (CDC 1.2 §4.3).</summary>
        public const byte AbstractControlModel = 0x02;

        /// <summary>bInterfaceClass of the data interface that carries the bytes (CDC 1.2 §4.5).</summary>
        public const byte DataInterfaceClass = 0x0A;

        /// <summary>bDescriptorType of a class-specific interface descriptor (CDC 1.2 §5.2.3).</summary>
        public const byte CS_INTERFACE = 0x24;

        /// <summary>bDescriptorSubtype of the union functional descriptor: the communication interface and the interfaces it controls.</summary>
        public const byte UnionFunctionalDescriptor = 0x06;

        /// <summary>bmRequestType of a class request to an interface, host to device.</summary>
        public const byte ClassInterfaceOut = 0x21;

        /// <summary>bmRequestType of a class request to an interface, device to host.</summary>
        public const byte ClassInterfaceIn = 0xA1;

        public const byte SET_LINE_CODING = 0x20;

        public const byte GET_LINE_CODING = 0x21;

        public const byte SET_CONTROL_LINE_STATE = 0x22;

        /// <summary>wValue bit 0 of SET_CONTROL_LINE_STATE: DTR present (PSTN 1.2 table 18).</summary>
        public const ushort ControlLineDtr = 0x0001;

        /// <summary>wValue bit 1 of SET_CONTROL_LINE_STATE: carrier control, RTS (PSTN 1.2 table 18).</summary>
        public const ushort ControlLineRts = 0x0002;

        /// <summary>The line coding structure's length (PSTN 1.2 table 17).</summary>
        public const int LineCodingLength = 7;

        /// <summary>The SET_CONTROL_LINE_STATE request for these lines, to the communication interface.</summary>
        public static UsbSetupPacket ControlLineState(int communicationInterface, bool dtr, bool rts) =>
            new UsbSetupPacket(ClassInterfaceOut, SET_CONTROL_LINE_STATE, (ushort)((dtr ? ControlLineDtr : 0) | (rts ? ControlLineRts : 0)), (ushort)communicationInterface, 0);

        /// <summary>The SET_LINE_CODING request; its data stage is <see cref="LineCoding"/>.</summary>
        public static UsbSetupPacket SetLineCoding(int communicationInterface) =>
            new UsbSetupPacket(ClassInterfaceOut, SET_LINE_CODING, 0, (ushort)communicationInterface, LineCodingLength);

        /// <summary>
        /// The 7-byte line coding (PSTN 1.2 table 17): dwDTERate little-endian, bCharFormat (0 = 1 stop bit, 1 = 1.5, 2 = 2),
        /// bParityType (0 none, 1 odd, 2 even, 3 mark, 4 space), bDataBits.
        /// </summary>
        public static byte[] LineCoding(int baudRate, int dataBits, SerialStopBits stopBits, SerialParity parity)
        {
            var coding = new byte[LineCodingLength];
            LittleEndian.WriteUInt32(coding, 0, checked((uint)baudRate));
            coding[4] = stopBits switch
            {
                SerialStopBits.One => 0,
                SerialStopBits.OnePointFive => 1,
                SerialStopBits.Two => 2,
                _ => throw new ArgumentOutOfRangeException(nameof(stopBits)),
            };
            coding[5] = parity switch
            {
                SerialParity.None => 0,
                SerialParity.Odd => 1,
                SerialParity.Even => 2,
                SerialParity.Mark => 3,
                SerialParity.Space => 4,
                _ => throw new ArgumentOutOfRangeException(nameof(parity)),
            };
            coding[6] = checked((byte)dataBits);
            return coding;
        }
    }
}
