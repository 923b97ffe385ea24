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
        /// Identifies the chip: the magic register first (one READ_REG on the ESP32 the loader targets), then
        /// GET_SECURITY_INFO when the magic is unknown or READ_REG is refused (S2 and later, §4.2). For a chip this module
        /// can flash, its target reads package, revision, features, crystal and MAC from the eFuses.
        /// </summary>
        public Esp32ChipInfo DetectChip(CancellationToken cancellationToken = default)
        {
            uint? magic = null;
            try
            {
                magic = ReadRegister(Esp32Protocol.ChipDetectMagicRegister, cancellationToken);
            }
            catch (Esp32RomErrorException e)
            {
                Log.Debug($"READ_REG of the magic register was refused ({e.CodeName}); asking GET_SECURITY_INFO.");
            }

            detectedTarget = magic is uint known ? Esp32ChipTarget.FromMagic(known) : null;
            if (detectedTarget != null)
            {
                Flash.Target = detectedTarget;
                Connector.ReplyStatusLength = detectedTarget.StatusLength;
                Esp32ChipInfo info = detectedTarget.ReadIdentity(Link, magic!.Value, cancellationToken);
                Log.Verbose($"Chip is {info.Description}; features: {string.Join(", ", info.Features)}; crystal {info.CrystalMhz} MHz; MAC {info.Mac}.");
                return info;
            }

            string? chip = magic is uint m ? Esp32Protocol.ChipFromMagic(m) : null;
            if (chip is null)
            {
                chip = ChipFromSecurityInfo(cancellationToken) ?? (magic is uint u ? $"an unknown chip (magic {Hex.Address(u)})" : "an unknown chip");
            }

            Log.Verbose($"Chip is {chip}.");
            return new Esp32ChipInfo { Chip = chip, Magic = magic ?? 0, Description = chip };
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
        /// Leaves the loader and boots the firmware: an RTS pulse on EN (HardReset) when the port has modem lines, else
        /// FLASH_BEGIN(0, 0) + FLASH_END(1) ("run user code", the ROM's soft reset).
        /// </summary>
        public void Reboot(CancellationToken cancellationToken = default)
        {
            if (Link.Port.SupportsModemLines)
            {
                Log.Verbose("Hard reset (RTS pulse on EN): the chip boots its firmware.");
                Esp32ResetStrategy.HardReset.Run(Link.Port, cancellationToken);
                return;
            }

            Log.Verbose("The port has no DTR/RTS: leaving the loader with FLASH_END (run user code).");
            Flash.RunUserCode(cancellationToken);
        }

        /// <summary>GET_SECURITY_INFO (S2 and later): the chip id at byte 12 of the 20-byte form; null if refused or too short.</summary>
        private string? ChipFromSecurityInfo(CancellationToken cancellationToken)
        {
            try
            {
                Esp32Response reply = Link.Execute(new Esp32CommandRequest(Esp32Command.GetSecurityInfo, new byte[0], Timeouts.Default) { ExpectedDataLength = 20 }, cancellationToken);
                int chipId = (int)LittleEndian.ReadUInt32(reply.Data, 12);
                return Images.Esp32Chips.ChipFromImageId(chipId) ?? $"an unknown chip (chip id {chipId})";
            }
            catch (Esp32RomErrorException e)
            {
                Log.Debug($"GET_SECURITY_INFO refused ({e.CodeName}).");
                return null;
            }
            catch (Esp32ProtocolException e)
            {
                Log.Debug($"GET_SECURITY_INFO: {e.Message}");
                return null;
            }
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
