using System;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>What Install-Rp2Firmware was asked to do.</summary>
    public sealed class Rp2InstallRequest
    {
        /// <summary>The .uf2 file (full path).</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>null = PICOBOOT where libusb can open the board, else the drive when it is mounted.</summary>
        public Rp2InstallMethod? Method { get; set; }

        /// <summary>The MicroPython board (RPI_PICO_W...): its filesystem region is kept. null = keep what every variant of the chip keeps.</summary>
        public string? Board { get; set; }

        /// <summary>Allows pages inside the MicroPython filesystem (the files on the board are lost).</summary>
        public bool EraseFilesystem { get; set; }

        /// <summary>The BOOTSEL drive's mount point, when it is not found automatically.</summary>
        public string? DrivePath { get; set; }

        /// <summary>How long a drive copy may take to make the board leave BOOTSEL (the ROM reboots 1 s / 0.5 s after the last block).</summary>
        public TimeSpan DriveRebootTimeout { get; set; } = TimeSpan.FromSeconds(15);
    }
}
