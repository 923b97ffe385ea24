using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// What firmware a board runs, as its REPL tells it: the five <c>uname</c> fields and what they mean — the
    /// MicroPython version (comparable with the FirmwareRelease versions from Save-Firmware), the build
    /// date, the git describe, board and MCU, and Pycom's own firmware version where there is one.
    /// </summary>
    public sealed class DeviceVersion
    {
        public DeviceVersion(string port, DeviceVersionSource source, string? sysName, string? nodeName, string? release, string? version, string? machine, IReadOnlyDictionary<string, string> extraFields)
        {
            Port = port;
            Source = source;
            SysName = sysName;
            NodeName = nodeName;
            Release = release;
            Version = version;
            Machine = machine;
            ExtraFields = new TextDictionary(extraFields.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        }

        /// <summary>The port the board answered on.</summary>
        public string Port { get; }

        public DeviceVersionSource Source { get; }

        /// <summary><c>pyboard</c>, <c>esp32</c>, <c>rp2</c>, <c>WiPy</c>; <c>sys.platform</c> without uname.</summary>
        public string? SysName { get; }

        public string? NodeName { get; }

        /// <summary><c>1.22.2</c>; Pycom firmware: <c>1.20.2.rc6</c>.</summary>
        public string? Release { get; }

        /// <summary><c>v1.22.2 on 2024-02-22</c>: the git describe and the build date.</summary>
        public string? Version { get; }

        /// <summary><c>PYBv1.1 with STM32F405RG</c>.</summary>
        public string? Machine { get; }

        /// <summary>The board part of <see cref="Machine"/> (before the last " with ").</summary>
        public string? Board { get; init; }

        /// <summary>The MCU part of <see cref="Machine"/> (after the last " with ").</summary>
        public string? Mcu { get; init; }

        /// <summary>
        /// The MicroPython version: releases and preview builds ordered as Save-Firmware orders them. For Pycom
        /// builds (<c>v1.11-c5a0a97</c>) the MicroPython release they are based on.
        /// </summary>
        public FirmwareVersion? MicroPythonVersion { get; init; }

        /// <summary>The git describe of the build: <c>v1.23.0-preview.123.gabcdef0</c>, <c>v1.11-c5a0a97</c>.</summary>
        public string? GitDescribe { get; init; }

        public DateTime? BuildDate { get; init; }

        /// <summary>True for Pycom firmware (WiPy 2/3, LoPy, FiPy, GPy, SiPy).</summary>
        public bool IsPycom { get; init; }

        /// <summary>Pycom's own firmware version (<see cref="Release"/> read as one), comparable with Pycom's update service.</summary>
        public PycomVersion? PycomVersion { get; init; }

        /// <summary>Pycom's Pybytes library version, when the firmware has one.</summary>
        public string? Pybytes { get; init; }

        /// <summary>Fields beyond the five (Pycom's <c>pybytes</c>, <c>lorawan</c>, <c>sigfox</c>, ...), in order.</summary>
        public IReadOnlyDictionary<string, string> ExtraFields { get; }

        public override string ToString() => $"{Port}: {Machine ?? SysName} {GitDescribe ?? Release}";
    }
}
