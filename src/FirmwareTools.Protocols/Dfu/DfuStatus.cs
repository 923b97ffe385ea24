using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>The 6-byte GETSTATUS reply (docs/protocols/dfu-dfuse.md §3.2).</summary>
    public sealed class DfuStatus
    {
        public DfuStatus(DfuStatusCode status, uint pollTimeout, DfuState state, byte stringIndex)
        {
            if (pollTimeout > 0xFFFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(pollTimeout), "bwPollTimeout is a 24-bit field.");
            }

            Status = status;
            PollTimeout = pollTimeout;
            State = state;
            StringIndex = stringIndex;
        }

        /// <summary>bStatus: the outcome of the most recent request.</summary>
        public DfuStatusCode Status { get; }

        /// <summary>bwPollTimeout in milliseconds (24-bit little-endian on the wire).</summary>
        public uint PollTimeout { get; }

        /// <summary>bState: the state the device enters right after sending this reply.</summary>
        public DfuState State { get; }

        /// <summary>iString: index of a string describing the status; 0 for none.</summary>
        public byte StringIndex { get; }

        public bool IsError => State == DfuState.dfuERROR || Status != DfuStatusCode.OK;

        /// <summary>Decodes a reply. bwPollTimeout is little-endian (mboot once sent it big-endian; we follow the spec).</summary>
        public static DfuStatus Parse(byte[] buffer, int offset = 0, int count = DfuRequest.StatusLength)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (count < DfuRequest.StatusLength || buffer.Length - offset < DfuRequest.StatusLength)
            {
                throw new DfuProtocolException(
                    DfuErrors.ShortStatusId,
                    $"The device answered GETSTATUS with {count.ToString(CultureInfo.InvariantCulture)} bytes instead of 6.",
                    null,
                    "The device does not speak DFU 1.1 correctly; check that it is in DFU mode.");
            }

            uint poll = (uint)(buffer[offset + 1] | (buffer[offset + 2] << 8) | (buffer[offset + 3] << 16));
            return new DfuStatus((DfuStatusCode)buffer[offset], poll, (DfuState)buffer[offset + 4], buffer[offset + 5]);
        }

        public byte[] ToBytes() =>
            new[] { (byte)Status, (byte)PollTimeout, (byte)(PollTimeout >> 8), (byte)(PollTimeout >> 16), (byte)State, StringIndex };

        public override string ToString() =>
            $"state={State} status={Status} bwPollTimeout={PollTimeout.ToString(CultureInfo.InvariantCulture)}ms" +
            (StringIndex != 0 ? " iString=" + StringIndex.ToString(CultureInfo.InvariantCulture) : string.Empty);
    }
}
