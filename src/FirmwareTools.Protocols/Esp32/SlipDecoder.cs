using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Streaming SLIP decoder. Bytes arrive in any slicing; complete frames come out in order. Bytes outside a frame
    /// are not an error here: they are kept as <see cref="TakeGarbage"/> so the client can tell a boot log or an
    /// echoing REPL from noise (docs/protocols/esp32-rom-loader.md §1.1 recommends a lenient mode for exactly that). A bad escape poisons only
    /// its own frame.
    /// </summary>
    public sealed class SlipDecoder
    {
        /// <summary>Bound on kept out-of-frame bytes: enough for a boot banner or a REPL prompt, never unbounded.</summary>
        public const int MaxGarbage = 4096;

        /// <summary>Longest frame accepted (a 64 KiB payload plus header); longer input is noise.</summary>
        public const int MaxFrame = 65536 + 16;

        private readonly Queue<byte[]> frames = new Queue<byte[]>();
        private readonly List<byte> current = new List<byte>();
        private readonly List<byte> garbage = new List<byte>();
        private bool inFrame;
        private bool escaping;
        private bool poisoned;

        /// <summary>True while part of a frame has been received (a timeout now means "packet content transfer stopped").</summary>
        public bool InFrame => inFrame && current.Count > 0;

        public int FramesAvailable => frames.Count;

        /// <summary>Frames dropped because of an invalid escape or excessive length.</summary>
        public int BadFrames { get; private set; }

        public void Feed(byte[] buffer, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                Feed(buffer[i]);
            }
        }

        public void Feed(byte b)
        {
            if (!inFrame)
            {
                if (b == Slip.End)
                {
                    StartFrame();
                }
                else if (garbage.Count < MaxGarbage)
                {
                    garbage.Add(b);
                }

                return;
            }

            if (escaping)
            {
                escaping = false;
                if (b == Slip.EscEnd)
                {
                    Add(Slip.End);
                }
                else if (b == Slip.EscEsc)
                {
                    Add(Slip.Esc);
                }
                else if (b == Slip.End)
                {
                    // "Invalid SLIP escape" then a delimiter: drop the frame, the delimiter starts the next one.
                    BadFrames++;
                    StartFrame();
                }
                else
                {
                    poisoned = true;
                }

                return;
            }

            if (b == Slip.End)
            {
                if (current.Count == 0)
                {
                    // C0 C0: end of one frame and start of the next, or an empty frame; both are normal.
                    return;
                }

                if (poisoned)
                {
                    BadFrames++;
                }
                else
                {
                    frames.Enqueue(current.ToArray());
                }

                inFrame = false;
                current.Clear();
                poisoned = false;
                return;
            }

            if (b == Slip.Esc)
            {
                escaping = true;
                return;
            }

            Add(b);
        }

        public bool TryTake(out byte[] frame)
        {
            if (frames.Count > 0)
            {
                frame = frames.Dequeue();
                return true;
            }

            frame = Array.Empty<byte>();
            return false;
        }

        /// <summary>Returns and forgets the bytes seen outside frames since the last call.</summary>
        public byte[] TakeGarbage()
        {
            byte[] result = garbage.ToArray();
            garbage.Clear();
            return result;
        }

        /// <summary>Forgets everything: queued frames, a partial frame and garbage (after a discard of the port's input).</summary>
        public void Reset()
        {
            frames.Clear();
            current.Clear();
            garbage.Clear();
            inFrame = false;
            escaping = false;
            poisoned = false;
        }

        private void StartFrame()
        {
            inFrame = true;
            escaping = false;
            poisoned = false;
            current.Clear();
        }

        private void Add(byte b)
        {
            if (current.Count >= MaxFrame)
            {
                poisoned = true;
                return;
            }

            current.Add(b);
        }
    }
}
