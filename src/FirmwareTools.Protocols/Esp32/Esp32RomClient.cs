using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// A session with the ESP32 mask-ROM UART download loader over an <see cref="ISerialPort"/> (no flasher stub), as
    /// esptool's loader object is: the <see cref="Link"/> carries commands, the <see cref="Connector"/> resets and syncs,
    /// <see cref="DetectChip"/> picks the chip's <see cref="Esp32ChipTarget"/>, and <see cref="Flash"/> runs the flash
    /// commands for that target. This class only ties them together and does what needs more than one of them (the baud
    /// switch with its fallback, leaving the loader).
    /// </summary>
    public sealed class Esp32RomClient
    {
        /// <summary>Tries of the first exchange at a new baud rate before falling back.</summary>
        public const int BaudCheckAttempts = 3;

        private Esp32ChipTarget? detectedTarget;

        public Esp32RomClient(ISerialPort port, Esp32Timeouts? timeouts = null, OperationLog? log = null)
        {
            Link = new Esp32CommandLink(port ?? throw new ArgumentNullException(nameof(port)), timeouts ?? Esp32Timeouts.Esptool, log);
            Connector = new Esp32Connector(Link);
            Flash = new Esp32FlashOperations(Link, Esp32Target.Instance);
        }

        public Esp32CommandLink Link { get; }

        public Esp32Connector Connector { get; }

        public Esp32FlashOperations Flash { get; }

        public ISerialPort Port => Link.Port;

        public Esp32Timeouts Timeouts => Link.Timeouts;

        /// <summary>The chip <see cref="DetectChip"/> recognised, or null before detection or for a chip this module cannot flash.</summary>
        public Esp32ChipTarget? Target => detectedTarget;

        /// <summary>connect_attempts: reset-and-sync rounds before giving up (esptool: 7).</summary>
        public int ConnectAttempts
        {
            get => Connector.ConnectAttempts;
            init => Connector.ConnectAttempts = value;
        }

        /// <summary>SYNC tries per round (esptool: 5).</summary>
        public int SyncTries
        {
            get => Connector.SyncTries;
            init => Connector.SyncTries = value;
        }

        /// <summary>Overrides the reset strategies of <see cref="Esp32BeforeMode.DefaultReset"/> (tests pin one).</summary>
        public IReadOnlyList<Esp32ResetStrategy>? DefaultResetStrategies
        {
            get => Connector.DefaultResetStrategies;
            init => Connector.DefaultResetStrategies = value;
        }

        /// <summary>The strategy that produced the sync, or null for NoReset.</summary>
        public Esp32ResetStrategy? ConnectedWith => Connector.ConnectedWith;

        /// <summary>How <see cref="Connect"/> was asked to get into the loader; used again by a baud fallback.</summary>
        public Esp32BeforeMode Before => Connector.Before;

        /// <summary>SYNC frames sent since this client was made (every try, every resend): for tests and diagnostics.</summary>
        public int SyncsSent => Connector.SyncsSent;

        private OperationLog? Log => Link.Log;

        private string PortName => Link.PortName;

        /// <inheritdoc cref="Esp32Connector.Connect"/>
        public void Connect(Esp32BeforeMode before, CancellationToken cancellationToken = default) => Connector.Connect(before, cancellationToken);

        /// <inheritdoc cref="Esp32Connector.TrySync"/>
        public bool TrySync(CancellationToken cancellationToken = default) => Connector.TrySync(cancellationToken);

        /// <inheritdoc cref="Esp32CommandLink.Execute"/>
        public Esp32Response Execute(Esp32CommandRequest request, CancellationToken cancellationToken = default) => Link.Execute(request, cancellationToken);

        public uint ReadRegister(uint address, CancellationToken cancellationToken = default) => Link.ReadRegister(address, cancellationToken);

        public void WriteRegister(uint address, uint value, uint mask = 0xFFFFFFFF, uint delayMicroseconds = 0, CancellationToken cancellationToken = default) =>
            Link.WriteRegister(address, value, mask, delayMicroseconds, cancellationToken);

        /// <summary>
        /// Identifies the chip in the order of docs/protocols/esp32-family.md §2.7: the magic register first (one READ_REG;
        /// the ESP32 and the ESP32-S2 are known by it, and the ESP32 ROM is never sent GET_SECURITY_INFO, which it answers
        /// with a burst of errors), then GET_SECURITY_INFO's chip id, which decides for the S3, C3 and C6 (their magic is
        /// only a hint: new silicon brings new values). Replies with 2 status bytes or the ESP8266's magic mean an ESP8266
        /// (§8). For a chip this module can flash, <see cref="Target"/> is set and its eFuses give package, revision,
        /// features and MAC; for any other chip <see cref="Target"/> stays null and the info names it.
        /// </summary>
        /// <exception cref="FirmwareError">Esp32SecureDownloadMode: the ROM refuses register reads.</exception>
        public Esp32ChipInfo DetectChip(CancellationToken cancellationToken = default)
        {
            detectedTarget = null;
            Esp32Response? magicReply = null;
            try
            {
                magicReply = Link.Execute(new Esp32CommandRequest(Esp32Command.ReadReg, Esp32Packet.Words(Esp32Protocol.ChipDetectMagicRegister), Timeouts.Default) { Attempts = Esp32CommandLink.CommandAttempts }, cancellationToken);
            }
            catch (Esp32RomErrorException e)
            {
                Log.Debug($"READ_REG of the magic register was refused ({e.CodeName}); asking GET_SECURITY_INFO.");
            }

            uint? magic = magicReply?.Value;
            Esp32ChipTarget? target = magic is uint m ? Esp32ChipTarget.FromMagic(m) : null;
            if (magic == Esp32Protocol.Esp8266ChipMagic || (target is null && magicReply?.Data.Length == Esp32Protocol.Esp8266StatusLength))
            {
                // §8: the ESP8266's magic, or replies with 2 status bytes (not the family ROMs' 4) and no family magic. A
                // family magic with 2 status bytes is a flasher stub another tool left running, and is talked to as before.
                return Unsupported(Esp32Protocol.Esp8266Name, magic ?? 0);
            }

            if (target is null || !target.IdentifiedByMagic)
            {
                Esp32SecurityInfo? security = ReadSecurityInfo(cancellationToken);
                if (magic is null)
                {
                    // §2.7 step 4: READ_REG refused means secure download mode; a 12-byte security body is an S2's.
                    string chip = security is null ? "chip" : security.ChipId is int id ? Esp32Errors.ChipName(id) : Esp32S2Target.Instance.Name;
                    throw Esp32Errors.SecureDownloadMode(PortName, chip);
                }

                if (security?.ChipId is int chipId)
                {
                    target = Esp32ChipTarget.FromChipId(chipId);
                    if (target is null)
                    {
                        return Unsupported(Esp32Errors.ChipName(chipId), magic.Value);
                    }
                }
            }

            if (target is null)
            {
                return Unsupported(Esp32Protocol.ChipFromMagic(magic!.Value) ?? $"an unknown chip (magic {Hex.Address(magic.Value)})", magic.Value);
            }

            detectedTarget = target;
            Flash.Target = target;
            Connector.ReplyStatusLength = target.StatusLength;
            Esp32ChipInfo info = target.ReadIdentity(Link, magic!.Value, cancellationToken);
            Log.Verbose($"Chip is {info.Description}; features: {string.Join(", ", info.Features)}; crystal {info.CrystalMhz} MHz; MAC {info.Mac}.");
            return info;
        }

        /// <inheritdoc cref="Esp32FlashOperations.AttachSpiFlash"/>
        public void AttachSpiFlash(uint padConfig = 0, CancellationToken cancellationToken = default) => Flash.AttachSpiFlash(padConfig, cancellationToken);

        /// <inheritdoc cref="Esp32FlashOperations.ReadFlashId"/>
        public uint ReadFlashId(CancellationToken cancellationToken = default) => Flash.ReadFlashId(cancellationToken);

        /// <inheritdoc cref="Esp32FlashOperations.DetectFlashSize"/>
        public long DetectFlashSize(CancellationToken cancellationToken = default) => Flash.DetectFlashSize(cancellationToken);

        /// <inheritdoc cref="Esp32FlashOperations.SetFlashParameters"/>
        public void SetFlashParameters(long totalSize, CancellationToken cancellationToken = default) => Flash.SetFlashParameters(totalSize, cancellationToken);

        /// <summary>Writes <paramref name="length"/> bytes from <paramref name="openSource"/> at <paramref name="offset"/> as a zlib stream.</summary>
        public long WriteDeflated(uint offset, long length, Func<Stream> openSource, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
            Flash.WriteDeflated(new Esp32DeflatedWrite(offset, length, openSource), progress, cancellationToken);

        /// <inheritdoc cref="Esp32FlashOperations.WriteDeflated"/>
        public long WriteDeflated(Esp32DeflatedWrite write, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
            Flash.WriteDeflated(write, progress, cancellationToken);

        /// <inheritdoc cref="Esp32FlashOperations.EraseRegion"/>
        public void EraseRegion(uint offset, long size, CancellationToken cancellationToken = default) => Flash.EraseRegion(offset, size, cancellationToken);

        /// <inheritdoc cref="Esp32FlashOperations.FlashMd5"/>
        public string FlashMd5(uint offset, long size, CancellationToken cancellationToken = default) => Flash.FlashMd5(offset, size, cancellationToken);

        /// <summary>
        /// CHANGE_BAUDRATE, then the port follows and one READ_REG proves the link at the new rate. If the link fails
        /// there, fall back to the rate in use before: first simply try it (the chip may never have switched), then,
        /// when the port can reset the chip, reset it into the loader and sync again at the old rate. Returns the rate
        /// the link now runs at. Without a way to reset, a chip stuck at the new rate is an error.
        /// </summary>
        public int ChangeBaudRate(int baudRate, CancellationToken cancellationToken = default)
        {
            ISerialPort port = Link.Port;
            int oldBaud = port.BaudRate;
            if (baudRate == oldBaud)
            {
                return oldBaud;
            }

            uint requested = detectedTarget?.BaudRateToRequest(Link, baudRate, cancellationToken) ?? (uint)baudRate;
            Log.Verbose($"Changing the baud rate from {oldBaud} to {baudRate}" + (requested != (uint)baudRate ? $" (asking the ROM for {requested} to offset its clock estimate)." : "."));
            bool acknowledged;
            try
            {
                // The ROM replies at the old rate, then switches. Second word 0: the ROM form (the legacy stub wants the old rate).
                Link.Execute(new Esp32CommandRequest(Esp32Command.ChangeBaudRate, Esp32Packet.Words(requested, 0), Timeouts.Default), cancellationToken);
                acknowledged = true;
            }
            catch (Esp32ProtocolException)
            {
                acknowledged = false;
            }

            port.Drain(cancellationToken);
            port.BaudRate = baudRate;
            Link.DiscardInput();
            if (acknowledged && LinkAnswers(cancellationToken))
            {
                Log.Verbose($"The link runs at {baudRate} baud.");
                return baudRate;
            }

            Log.Warning($"The link to {PortName} does not work at {baudRate} baud{(acknowledged ? string.Empty : " (CHANGE_BAUDRATE got no reply)")}; falling back to {oldBaud} baud.");
            port.BaudRate = oldBaud;
            Link.DiscardInput();
            if (LinkAnswers(cancellationToken))
            {
                Log.Verbose($"The chip still answers at {oldBaud} baud.");
                return oldBaud;
            }

            if (Before == Esp32BeforeMode.NoReset || !port.SupportsModemLines)
            {
                throw new Esp32ProtocolException(PortName,
                    $"The link to {PortName} failed at {baudRate} baud and the chip no longer answers at {oldBaud} baud; it cannot be reset from here ({(port.SupportsModemLines ? "-Before NoReset" : "the port has no DTR/RTS")}). Reset the board into the bootloader and run the command again with -FlashBaudRate {oldBaud}.");
            }

            // The ROM fixes its rate until reset: reset into the loader and sync at the old rate.
            Connect(Before, cancellationToken);
            return oldBaud;
        }

        /// <summary>
        /// The chip target's write before any reset that leaves the loader (the ESP32-S3's FORCE_DOWNLOAD_BOOT cleared, or
        /// the reset lands in the loader again: docs/protocols/esp32-family.md §2.6), on every connection: the line reset of
        /// <see cref="Reboot"/> and the OTG watchdog reset alike. A failed write is logged and the reset goes ahead, as esptool does.
        /// </summary>
        public void PrepareForReset(CancellationToken cancellationToken = default)
        {
            if (detectedTarget?.BeforeHardReset is not Esp32RegisterWrite before)
            {
                return;
            }

            try
            {
                Link.WriteRegister(before.Address, before.Value, before.Mask, cancellationToken: cancellationToken);
            }
            catch (Esp32ProtocolException e)
            {
                Log.Debug($"{before} before the reset failed ({e.Message}); resetting anyway.");
            }
            catch (Esp32RomErrorException e)
            {
                Log.Debug($"{before} before the reset was refused ({e.CodeName}); resetting anyway.");
            }
        }

        /// <summary>
        /// Leaves the loader and boots the firmware: an RTS pulse on EN (HardReset) when the port has modem lines, else
        /// FLASH_BEGIN(0, 0) + FLASH_END(1) ("run user code", the ROM's soft reset).
        /// </summary>
        public void Reboot(CancellationToken cancellationToken = default)
        {
            PrepareForReset(cancellationToken);

            if (Link.Port.SupportsModemLines)
            {
                Log.Verbose("Hard reset (RTS pulse on EN): the chip boots its firmware.");
                Esp32ResetStrategy.HardReset.Run(Link.Port, cancellationToken);
                return;
            }

            Log.Verbose("The port has no DTR/RTS: leaving the loader with FLASH_END (run user code).");
            Flash.RunUserCode(cancellationToken);
        }

        /// <summary>
        /// GET_SECURITY_INFO (S2 and later, docs/protocols/esp32-family.md §2.2); null when the ROM refuses it or no
        /// reply comes. A refusal may come as a burst of error frames (the ESP32 ROM repeats it), so the line is drained.
        /// </summary>
        private Esp32SecurityInfo? ReadSecurityInfo(CancellationToken cancellationToken)
        {
            try
            {
                Link.Send(Esp32Command.GetSecurityInfo, new byte[0], 0, cancellationToken);
                Esp32Response? reply = Link.AwaitReply(Esp32Command.GetSecurityInfo, Timeouts.Default, cancellationToken);
                Esp32SecurityInfo? info = reply is null ? null : Esp32SecurityInfo.Parse(reply);
                if (info is null)
                {
                    Log.Debug("GET_SECURITY_INFO got no usable reply.");
                    DrainRefusals(cancellationToken);
                }

                return info;
            }
            catch (Esp32RomErrorException e)
            {
                Log.Debug($"GET_SECURITY_INFO refused ({e.CodeName}).");
                DrainRefusals(cancellationToken);
                return null;
            }
        }

        /// <summary>Reads and drops the repeats of a refusal until the line is quiet (esptool: the ROM may send it about 8 times, §1.7).</summary>
        private void DrainRefusals(CancellationToken cancellationToken)
        {
            while (Link.ReadFrame(Timeouts.SyncDrain, cancellationToken) != null)
            {
            }

            Link.NoteGarbage();
        }

        private Esp32ChipInfo Unsupported(string chip, uint magic)
        {
            Log.Verbose($"Chip is {chip}.");
            return new Esp32ChipInfo { Chip = chip, Magic = magic, Description = chip };
        }

        /// <summary>True when READ_REG of the magic register gets a reply at the port's current rate.</summary>
        private bool LinkAnswers(CancellationToken cancellationToken)
        {
            for (int i = 0; i < BaudCheckAttempts; i++)
            {
                Link.Send(Esp32Command.ReadReg, Esp32Packet.Words(Esp32Protocol.ChipDetectMagicRegister), 0, cancellationToken);
                Esp32Response? reply = Link.AwaitReply(Esp32Command.ReadReg, Timeouts.BaudCheck, cancellationToken);
                if (reply != null && reply.StatusFor(0).Status == 0)
                {
                    return true;
                }

                Link.NoteGarbage();
                Link.DiscardInput();
            }

            return false;
        }
    }
}
