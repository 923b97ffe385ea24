using System.Collections.Generic;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// One stretch of flash that a plan's steps touch, overlapping steps merged: the contents the whole plan leaves there
    /// (the last step covering a byte decides it) and which steps make it. -SkipUnchanged compares this, not each step, so
    /// a script that erases a sector and then writes the same bytes back into it does neither on an unchanged board.
    /// </summary>
    internal sealed class Esp32NettedRange
    {
        public Esp32NettedRange(uint offset, long length, string md5, IReadOnlyList<int> steps)
        {
            Offset = offset;
            Length = length;
            Md5 = md5;
            Steps = steps;
        }

        public uint Offset { get; }

        public long Length { get; }

        /// <summary>MD5 (lower-case hex) of the final contents of the range.</summary>
        public string Md5 { get; }

        /// <summary>Indexes into the plan's steps, in plan order.</summary>
        public IReadOnlyList<int> Steps { get; }
    }
}
