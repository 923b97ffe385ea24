using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>One command for <see cref="Esp32CommandLink.Execute"/>: what to send and how to wait for its reply.</summary>
    public sealed class Esp32CommandRequest
    {
        public Esp32CommandRequest(Esp32Command command, byte[] data, TimeSpan timeout)
        {
            Command = command;
            Data = data ?? throw new ArgumentNullException(nameof(data));
            Timeout = timeout;
        }

        public Esp32Command Command { get; }

        public byte[] Data { get; }

        /// <summary>The header's checksum word: the XOR checksum of a DATA block, 0 for everything else.</summary>
        public uint Checksum { get; init; }

        public TimeSpan Timeout { get; }

        /// <summary>Bytes the reply carries before its status (32 for SPI_FLASH_MD5's hex text, 0 for most commands).</summary>
        public int ExpectedDataLength { get; init; }

        /// <summary>Sends in all; more than 1 only for commands that are safe to repeat when a reply is lost.</summary>
        public int Attempts { get; init; } = 1;
    }
}
