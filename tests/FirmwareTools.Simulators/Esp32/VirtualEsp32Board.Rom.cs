using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// The ROM personality (docs/protocols/esp32-rom-loader.md §8.3): command frames in, replies with the chip's status
/// bytes out. What differs per chip (magic, eFuses, SPI1 registers, GET_SECURITY_INFO, BEGIN length, status length;
/// docs/protocols/esp32-family.md §6.1) comes from <see cref="Chip"/>.
/// </summary>
public sealed partial class VirtualEsp32Board
{
    public const uint ChipDetectMagicRegister = VirtualEsp32Chip.ChipDetectMagicRegister;
    public const uint ApbCtlDateRegister = VirtualEsp32OriginalChip.ApbCtlDateRegister;
    public const uint UartClkdivRegister = VirtualEsp32OriginalChip.UartClkdivRegister;
    public const uint RtcCaliCfg1Register = VirtualEsp32OriginalChip.RtcCaliCfg1Register;
    public const uint GpioStrapRegister = VirtualEsp32OriginalChip.GpioStrapRegister;
    private const uint SpiCmdUsr = 1u << 18;
    private const uint SpiUsrMiso = 1u << 28;
    private const int DataHeaderLength = 16;
    private const int SlowReadLength = 64;

    /// <summary>The chip whose ROM this board has (<see cref="VirtualEsp32Settings.Chip"/>).</summary>
    public VirtualEsp32Chip Chip => VirtualEsp32Chip.For(Settings.Chip);

    private static readonly byte[] SyncPayload = [0x07, 0x07, 0x12, 0x20, .. Enumerable.Repeat((byte)0x55, 32)];

    private readonly Dictionary<uint, uint> registers = [];
    private RomSession rom = new();
    private int spiBusyPollsLeft;
    private long flashDataBytesReceived;

    /// <summary>Handles one decoded frame; returns true when the cable must be cut (fault injection).</summary>
    private bool HandleFrame(VirtualEsp32Connection from, byte[] frame, List<(byte[] Bytes, int Baud)> output)
    {
        if (frame.Length < 8 || frame[0] != 0x00)
        {
            return false;
        }

        byte op = frame[1];
        int size = BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(2));
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4));
        byte[] data = frame.AsSpan(8).ToArray();
        opcodeCounts[op] = opcodeCounts.GetValueOrDefault(op) + 1;
        int occurrence = opcodeCounts[op];

        // Until the first SYNC the ROM ignores everything else (§8.2).
        if (op != Esp32RomOpcode.SYNC && !rom.Synced)
        {
            commands.Add(new LoggedEsp32Command(op, data.Length, checksum, 0, 0, Replied: false));
            return false;
        }

        if (size != data.Length)
        {
            Reply(op, occurrence, 0, [], Esp32RomError.InvalidMessage, output, data.Length, checksum);
            return false;
        }

        if (op == Esp32RomOpcode.SYNC)
        {
            HandleSync(occurrence, data, checksum, output);
            return false;
        }

        bool cut = false;
        (uint value, byte[] payload, byte error) = op switch
        {
            Esp32RomOpcode.READ_REG => ReadReg(data),
            Esp32RomOpcode.WRITE_REG => WriteReg(from, data),
            Esp32RomOpcode.SPI_ATTACH => SpiAttach(data),
            Esp32RomOpcode.SPI_SET_PARAMS => SpiSetParams(data),
            Esp32RomOpcode.FLASH_BEGIN => FlashBegin(from, data, compressed: false),
            Esp32RomOpcode.FLASH_DEFL_BEGIN => FlashBegin(from, data, compressed: true),
            Esp32RomOpcode.FLASH_DATA or Esp32RomOpcode.FLASH_DEFL_DATA => FlashData(from, op, data, checksum, ref cut),
            Esp32RomOpcode.FLASH_END or Esp32RomOpcode.FLASH_DEFL_END => FlashEnd(data),
            Esp32RomOpcode.SPI_FLASH_MD5 => FlashMd5(from, data),
            Esp32RomOpcode.READ_FLASH_SLOW => ReadFlashSlow(from, data),
            Esp32RomOpcode.CHANGE_BAUDRATE => (0u, Array.Empty<byte>(), data.Length == 8 ? Esp32RomError.None : Esp32RomError.InvalidMessage),
            Esp32RomOpcode.MEM_BEGIN => MemBegin(data),
            Esp32RomOpcode.MEM_DATA => MemData(data, checksum),
            Esp32RomOpcode.MEM_END => (0u, Array.Empty<byte>(), data.Length == 8 ? Esp32RomError.None : Esp32RomError.InvalidMessage),
            Esp32RomOpcode.GET_SECURITY_INFO when Chip.SecurityInfo(Settings) is byte[] security => (0u, security, Esp32RomError.None),
            _ => (0u, Array.Empty<byte>(), (byte)0xFF),
        };

        if (cut)
        {
            commands.Add(new LoggedEsp32Command(op, data.Length, checksum, 0, 0, Replied: false));
            return true;
        }

        if (rtcWatchdogFired)
        {
            // The watchdog reset the chip in the middle of this command: no reply, the loader is gone.
            commands.Add(new LoggedEsp32Command(op, data.Length, checksum, 0, 0, Replied: false));
            WatchdogSystemReset(output);
            return false;
        }

        if (error == 0xFF)
        {
            Unsupported(op, occurrence, data.Length, checksum, output);
            return false;
        }

        if (op == Esp32RomOpcode.MEM_END && error == 0 && Settings.SuppressMemEndReply)
        {
            commands.Add(new LoggedEsp32Command(op, data.Length, checksum, 0, 0, Replied: false));
        }
        else
        {
            from.AddWork(Settings.CommandTurnaround);
            Reply(op, occurrence, value, payload, error, output, data.Length, checksum);
        }

        if (error != 0)
        {
            return false;
        }

        switch (op)
        {
            case Esp32RomOpcode.CHANGE_BAUDRATE:
                // The reply left at the old rate; now the ROM reprograms its divisor from its own crystal estimate (§2.5).
                uint requested = BinaryPrimitives.ReadUInt32LittleEndian(data);
                double estimate = (double)Settings.RtcCaliValue * 15625 * Settings.Ck8mFrequencyEfuse / 40;
                boardBaud = estimate > 0 ? (int)Math.Round(requested * (Settings.CrystalHz / estimate)) : (int)requested;
                break;
            case Esp32RomOpcode.FLASH_END or Esp32RomOpcode.FLASH_DEFL_END:
                LeaveLoader(reboot: data.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(data) == 0, output);
                break;
            case Esp32RomOpcode.MEM_END when BinaryPrimitives.ReadUInt32LittleEndian(data) == 0:
                // Jumps into uploaded code, which the simulator cannot run: silent until the next reset.
                state = Esp32BoardState.RunApp;
                runningRamCode = true;
                break;
        }

        if (watchdogResetCountdown > 0 && --watchdogResetCountdown == 0)
        {
            // The watchdog reset the client asked for (§3.3) takes effect once the write after it was answered.
            WatchdogSystemReset(output);
        }

        return false;
    }

    private void HandleSync(int occurrence, byte[] data, uint checksum, List<(byte[] Bytes, int Baud)> output)
    {
        if (!data.AsSpan().SequenceEqual(SyncPayload))
        {
            commands.Add(new LoggedEsp32Command(Esp32RomOpcode.SYNC, data.Length, checksum, 0, 0, Replied: false));
            return;
        }

        if (rom.FirstSyncPending)
        {
            rom.FirstSyncPending = false;
            commands.Add(new LoggedEsp32Command(Esp32RomOpcode.SYNC, data.Length, checksum, 0, 0, Replied: false));
            return;
        }

        if (Faults.TakeSwallowedSync())
        {
            commands.Add(new LoggedEsp32Command(Esp32RomOpcode.SYNC, data.Length, checksum, 0, 0, Replied: false));
            return;
        }

        rom.Synced = true;
        for (int i = 0; i < Settings.SyncReplyCount; i++)
        {
            // Only the first frame of the burst is subject to a drop/corrupt fault and is logged.
            if (i == 0)
            {
                Reply(Esp32RomOpcode.SYNC, occurrence, Settings.SyncReplyValue, [], 0, output, data.Length, checksum);
            }
            else
            {
                output.Add((Frame(Esp32RomOpcode.SYNC, Settings.SyncReplyValue, [], 0), boardBaud));
            }
        }
    }

    private void Unsupported(byte op, int occurrence, int length, uint checksum, List<(byte[] Bytes, int Baud)> output)
    {
        byte replyOp = Settings.UnsupportedReplyEchoesOpcode ? op : Settings.UnsupportedReplyOpcode;
        bool replied = !IsFault(Faults.DropReply, op, occurrence);
        commands.Add(new LoggedEsp32Command(op, length, checksum, 1, Esp32RomError.InvalidMessage, replied));
        if (!replied)
        {
            return;
        }

        byte[] frame = Frame(replyOp, 0, [], Esp32RomError.InvalidMessage);
        for (int i = 0; i < Math.Max(1, Settings.UnsupportedReplyRepeats); i++)
        {
            output.Add((frame, boardBaud));
        }
    }

    private void Reply(byte op, int occurrence, uint value, byte[] payload, byte error, List<(byte[] Bytes, int Baud)> output, int requestLength, uint checksum)
    {
        bool drop = IsFault(Faults.DropReply, op, occurrence);
        commands.Add(new LoggedEsp32Command(op, requestLength, checksum, error == 0 ? (byte)0 : (byte)1, error, !drop));
        if (drop)
        {
            return;
        }

        byte[] frame = Frame(op, value, payload, error);
        if (IsFault(Faults.CorruptReply, op, occurrence))
        {
            // An invalid SLIP escape in the middle of the frame: the host must reject the whole frame.
            int middle = frame.Length / 2;
            frame = [.. frame.AsSpan(0, middle), 0xDB, 0x00, .. frame.AsSpan(middle)];
        }

        byte[] noise = Faults.TakeNoise();
        if (noise.Length > 0)
        {
            output.Add((noise, boardBaud));
        }

        output.Add((frame, boardBaud));
    }

    private static bool IsFault((byte Opcode, int Occurrence)? fault, byte op, int occurrence) =>
        fault is { } f && f.Opcode == op && f.Occurrence == occurrence;

    /// <summary>A ROM response: direction 1, opcode, size, value, data, then the chip's status bytes: [status, error, 0, 0], or [status, error] on the ESP8266 (§1.3, §1.4).</summary>
    private byte[] Frame(byte op, uint value, byte[] payload, byte error)
    {
        int statusLength = Chip.StatusLength;
        var packet = new byte[8 + payload.Length + statusLength];
        packet[0] = 0x01;
        packet[1] = op;
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(2), (ushort)(payload.Length + statusLength));
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(4), value);
        payload.CopyTo(packet, 8);
        packet[8 + payload.Length] = error == 0 ? (byte)0 : (byte)1;
        packet[9 + payload.Length] = error;
        return SlipFrameDecoder.Encode(packet);
    }

    private static (uint, byte[], byte) Ok(uint value = 0) => (value, [], Esp32RomError.None);

    private static (uint, byte[], byte) Fail(byte error) => (0, [], error);

    private (uint, byte[], byte) ReadReg(byte[] data)
    {
        if (data.Length != 4 || Settings.SecureDownloadMode)
        {
            // In secure download mode the ROM refuses register reads (docs/protocols/esp32-family.md §2.7 step 4).
            return Fail(Esp32RomError.InvalidMessage);
        }

        return Ok(ReadRegister(BinaryPrimitives.ReadUInt32LittleEndian(data)));
    }

    private uint ReadRegister(uint address)
    {
        VirtualEsp32Chip chip = Chip;
        if (address == ChipDetectMagicRegister)
        {
            return chip.Magic(Settings);
        }

        if (address == chip.Spi.Cmd)
        {
            uint cmd = registers.GetValueOrDefault(address);
            if (spiBusyPollsLeft > 0)
            {
                spiBusyPollsLeft--;
                return cmd | SpiCmdUsr;
            }

            return cmd & ~SpiCmdUsr;
        }

        return chip.TryReadRegister(address, Settings, boardBaud, out uint value) ? value : registers.GetValueOrDefault(address);
    }

    private (uint, byte[], byte) WriteReg(VirtualEsp32Connection from, byte[] data)
    {
        if (data.Length == 0 || data.Length % 16 != 0)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        for (int i = 0; i < data.Length; i += 16)
        {
            uint address = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i));
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i + 4));
            uint mask = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i + 8));
            uint delayUs = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i + 12));
            uint old = registers.GetValueOrDefault(address);
            uint written = (old & ~mask) | (value & mask);
            registers[address] = written;
            OnRegisterWritten(address, written);
            if (address == Chip.Spi.Cmd && (written & SpiCmdUsr) != 0)
            {
                RunSpiCommand();
            }

            from.AddWork(TimeSpan.FromTicks(delayUs * 10L));
        }

        return Ok();
    }

    /// <summary>SPI1 user command against the flash model (§4.5): the result goes to W0; CMD bit 18 clears after the configured polls.</summary>
    private void RunSpiCommand()
    {
        VirtualSpiRegisters spi = Chip.Spi;
        uint usr = registers.GetValueOrDefault(spi.Usr);
        uint command = registers.GetValueOrDefault(spi.Usr2) & 0xFF;
        int misoBits = (usr & SpiUsrMiso) != 0 ? (int)(registers.GetValueOrDefault(spi.MisoDlen) & 0xFFFFFF) + 1 : 0;
        uint? result = command switch
        {
            0x9F => Settings.JedecId,
            0x5A => 0x50444653u, // "SFDP"
            0x05 => (uint)(Settings.FlashStatusRegister | (Faults.FlashWriteProtected ? 0x1C : 0)),
            0x35 or 0x15 => 0u,
            _ => null, // 0x66/0x99 reset, 0xB9/0xAB/0x79/0xFF wake-up, 0x06 WREN, 0x01 WRSR: accepted, nothing to read.
        };
        if (command == 0x01)
        {
            Settings.FlashStatusRegister = (byte)registers.GetValueOrDefault(spi.W0);
        }

        if (result is uint r && misoBits > 0)
        {
            registers[spi.W0] = misoBits >= 32 ? r : r & ((1u << misoBits) - 1);
        }

        registers[spi.Cmd] = registers[spi.Cmd] & ~SpiCmdUsr;
        spiBusyPollsLeft = Settings.SpiCommandBusyPolls;
    }

    private (uint, byte[], byte) SpiAttach(byte[] data)
    {
        if (data.Length != 8 && (Settings.RequireRomSpiAttachForm || data.Length != 4))
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        rom.SpiAttached = true;
        return Ok();
    }

    private (uint, byte[], byte) SpiSetParams(byte[] data)
    {
        if (data.Length != 24)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        rom.FlashSizeLimit = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        return Ok();
    }

    /// <summary>The flash size the ROM currently believes in (2 MB until SPI_SET_PARAMS), never more than the chip has.</summary>
    private long FlashLimit()
    {
        long believed = rom.FlashSizeLimit ?? (Settings.RomDefaultFlashSize > 0 ? Settings.RomDefaultFlashSize : Flash.Size);
        return Math.Min(believed, Flash.Size);
    }

    private byte? FlashPrecondition() => Settings.RequireSpiAttach && !rom.SpiAttached ? Settings.NotAttachedError : null;

    private (uint, byte[], byte) FlashBegin(VirtualEsp32Connection from, byte[] data, bool compressed)
    {
        // The ESP32 ROM takes exactly four words and refuses the later chips' fifth "encrypted" word (§2.2); the S2, S3,
        // C3 and C6 ROMs take five (docs/protocols/esp32-family.md §1).
        if (!Chip.AcceptsBeginLength(data.Length, Settings))
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        if (FlashPrecondition() is byte notAttached)
        {
            return Fail(notAttached);
        }

        uint eraseSize = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint blocks = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        uint blockSize = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        if (data.Length == 20 && BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(16)) != 0)
        {
            // encrypted = 1: the virtual chip has no flash encryption.
            return Fail(Esp32RomError.InvalidParameter);
        }

        if (Settings.MaxBlockSize is int maxBlock && blockSize > maxBlock)
        {
            return Fail(Settings.BadDataError);
        }

        if ((long)offset + eraseSize > FlashLimit())
        {
            return Fail(Esp32RomError.ExecutionFailed);
        }

        rom.Write = null;
        if (eraseSize > 0)
        {
            // The ROM erases the whole range before it answers (§2.2).
            int sectors = Faults.FlashWriteProtected
                ? (int)(((offset % VirtualSpiFlash.SectorSize) + eraseSize + VirtualSpiFlash.SectorSize - 1) / VirtualSpiFlash.SectorSize)
                : Flash.EraseRange(offset, eraseSize);
            ChipWork(from, Settings.SectorEraseTime * sectors);
        }

        rom.Write = new WriteSession(offset, blockSize, blocks, eraseSize, compressed);
        return Ok();
    }

    private (uint, byte[], byte) FlashData(VirtualEsp32Connection from, byte op, byte[] data, uint checksum, ref bool cut)
    {
        bool compressed = op == Esp32RomOpcode.FLASH_DEFL_DATA;
        if (data.Length < DataHeaderLength)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        if (FlashPrecondition() is byte notAttached)
        {
            return Fail(notAttached);
        }

        WriteSession? session = rom.Write;
        if (session is null || session.Compressed != compressed)
        {
            return Fail(Settings.BadDataError);
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint seq = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        ReadOnlySpan<byte> block = data.AsSpan(DataHeaderLength);
        if (length != block.Length)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        BeforeFlashData?.Invoke(seq);
        if (Faults.DisconnectAfterFlashDataBytes is long limit)
        {
            flashDataBytesReceived += block.Length;
            if (flashDataBytesReceived > limit)
            {
                cut = true;
                return Ok();
            }
        }

        bool wrongLength = compressed ? length > session.BlockSize : Settings.RequireFullFlashBlocks && length != session.BlockSize;
        if (wrongLength)
        {
            return Fail(Settings.BadDataError);
        }

        if ((checksum & 0xFF) != DataChecksum(block) || checksum > 0xFF)
        {
            return Fail(Esp32RomError.ChecksumError);
        }

        if (Settings.CheckSequence && seq != session.NextSeq)
        {
            return Fail(Settings.BadDataError);
        }

        session.NextSeq = seq + 1;
        if (!compressed)
        {
            long address = session.Offset + ((long)seq * session.BlockSize);
            return Program(from, address, block);
        }

        return Inflate(from, session, block);
    }

    private static byte DataChecksum(ReadOnlySpan<byte> block)
    {
        byte sum = 0xEF;
        foreach (byte b in block)
        {
            sum ^= b;
        }

        return sum;
    }

    private (uint, byte[], byte) Program(VirtualEsp32Connection from, long address, ReadOnlySpan<byte> bytes)
    {
        if (address + bytes.Length > FlashLimit())
        {
            return Fail(Esp32RomError.ExecutionFailed);
        }

        if (Faults.FlashWriteError)
        {
            return Fail(Esp32RomError.FlashWriteError);
        }

        if (!Faults.FlashWriteProtected)
        {
            Flash.Program(address, bytes);
        }

        ChipWork(from, Settings.ProgramTimePerByte * bytes.Length);
        if (Settings.RomVerifiesWrites && !Flash.Contents.AsSpan((int)address, bytes.Length).SequenceEqual(bytes))
        {
            return Fail(Esp32RomError.FlashWriteError);
        }

        return Ok();
    }

    /// <summary>
    /// Streams a FLASH_DEFL_DATA slice through the zlib decoder: header checked here, deflate body by SharpZipLib's raw
    /// inflater (push-based, so each slice is processed before the reply), Adler-32 trailer checked here (§2.3).
    /// </summary>
    private (uint, byte[], byte) Inflate(VirtualEsp32Connection from, WriteSession session, ReadOnlySpan<byte> slice)
    {
        int i = 0;
        while (session.HeaderBytes.Count < 2 && i < slice.Length)
        {
            session.HeaderBytes.Add(slice[i++]);
            if (session.HeaderBytes.Count == 2)
            {
                int cmf = session.HeaderBytes[0];
                int flg = session.HeaderBytes[1];
                if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20) != 0)
                {
                    return Fail(Esp32RomError.DeflateError);
                }
            }
        }

        if (i >= slice.Length)
        {
            return Ok();
        }

        byte[] input = slice[i..].ToArray();
        int trailerStart = 0;
        if (!session.Inflater.IsFinished)
        {
            session.Inflater.SetInput(input);
            var buffer = new byte[16384];
            try
            {
                while (true)
                {
                    int n = session.Inflater.Inflate(buffer);
                    if (n > 0)
                    {
                        if (session.Written + n > session.EraseSize)
                        {
                            return Fail(Esp32RomError.DeflateError);
                        }

                        (uint, byte[], byte) written = Program(from, session.Offset + session.Written, buffer.AsSpan(0, n));
                        if (written.Item3 != 0)
                        {
                            return written;
                        }

                        session.Adler.Update(buffer.AsSpan(0, n));
                        session.Written += n;
                        continue;
                    }

                    if (session.Inflater.IsFinished || session.Inflater.IsNeedingInput)
                    {
                        break;
                    }
                }
            }
            catch (SharpZipBaseException)
            {
                return Fail(Esp32RomError.DeflateError);
            }

            if (!session.Inflater.IsFinished)
            {
                return Ok();
            }

            trailerStart = input.Length - session.Inflater.RemainingInput;
        }

        for (int k = trailerStart; k < input.Length && session.Trailer.Count < 4; k++)
        {
            session.Trailer.Add(input[k]);
        }

        if (session.Trailer.Count == 4)
        {
            uint expected = BinaryPrimitives.ReadUInt32BigEndian([.. session.Trailer]);
            if (expected != session.Adler.Value)
            {
                return Fail(Esp32RomError.DeflateAdler32Error);
            }
        }

        return Ok();
    }

    private (uint, byte[], byte) FlashEnd(byte[] data) => data.Length == 4 ? Ok() : Fail(Esp32RomError.InvalidMessage);

    private (uint, byte[], byte) FlashMd5(VirtualEsp32Connection from, byte[] data)
    {
        if (data.Length != 16)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        if (FlashPrecondition() is byte notAttached)
        {
            return Fail(notAttached);
        }

        uint address = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        if ((long)address + size > FlashLimit())
        {
            return Fail(Esp32RomError.ExecutionFailed);
        }

        byte[] digest = MD5.HashData(Flash.Contents.AsSpan((int)address, (int)size));
        if (Faults.WrongMd5)
        {
            digest[0] ^= 0xFF;
        }

        from.AddWork(Settings.ReadTimePerByte * size);
        return (0, Encoding.ASCII.GetBytes(Convert.ToHexStringLower(digest)), Esp32RomError.None);
    }

    private (uint, byte[], byte) ReadFlashSlow(VirtualEsp32Connection from, byte[] data)
    {
        if (data.Length != 8)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        if (FlashPrecondition() is byte notAttached)
        {
            return Fail(notAttached);
        }

        uint address = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        if (length > SlowReadLength)
        {
            return Fail(Esp32RomError.FlashReadLengthError);
        }

        if ((long)address + length > FlashLimit())
        {
            return Fail(Esp32RomError.FlashReadError);
        }

        var result = new byte[SlowReadLength];
        Flash.Contents.AsSpan((int)address, (int)length).CopyTo(result);
        from.AddWork(Settings.ReadTimePerByte * SlowReadLength);
        return (0, result, Esp32RomError.None);
    }

    private (uint, byte[], byte) MemBegin(byte[] data)
    {
        if (data.Length != 16)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        rom.MemBlockSize = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        return Ok();
    }

    private (uint, byte[], byte) MemData(byte[] data, uint checksum)
    {
        if (data.Length < DataHeaderLength || rom.MemBlockSize is null)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        ReadOnlySpan<byte> block = data.AsSpan(DataHeaderLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(data) != block.Length || block.Length > rom.MemBlockSize)
        {
            return Fail(Esp32RomError.InvalidMessage);
        }

        return checksum == DataChecksum(block) ? Ok() : Fail(Esp32RomError.ChecksumError);
    }

    /// <summary>What the ROM remembers between commands; a reset starts a fresh one.</summary>
    private sealed class RomSession
    {
        public bool Synced { get; set; }

        public bool FirstSyncPending { get; set; }

        public bool SpiAttached { get; set; }

        public long? FlashSizeLimit { get; set; }

        public uint? MemBlockSize { get; set; }

        public WriteSession? Write { get; set; }
    }

    /// <summary>A FLASH_BEGIN or FLASH_DEFL_BEGIN in progress.</summary>
    private sealed class WriteSession(uint offset, uint blockSize, uint blocks, uint eraseSize, bool compressed)
    {
        public uint Offset { get; } = offset;

        public uint BlockSize { get; } = blockSize;

        public uint Blocks { get; } = blocks;

        public uint EraseSize { get; } = eraseSize;

        public bool Compressed { get; } = compressed;

        public uint NextSeq { get; set; }

        public long Written { get; set; }

        public List<byte> HeaderBytes { get; } = [];

        public List<byte> Trailer { get; } = [];

        public Inflater Inflater { get; } = new(noHeader: true);

        public Adler32 Adler { get; } = new();
    }

    /// <summary>zlib's Adler-32 over the inflated bytes, compared with the stream's trailer.</summary>
    private sealed class Adler32
    {
        private uint a = 1;
        private uint b;

        public uint Value => (b << 16) | a;

        public void Update(ReadOnlySpan<byte> bytes)
        {
            foreach (byte x in bytes)
            {
                a = (a + x) % 65521;
                b = (b + a) % 65521;
            }
        }
    }
}
