using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Flashes ESP32 firmware (a MicroPython .bin, or bootloader, partition table and app) through the chip's ROM serial bootloader, and verifies it.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "Esp32Firmware", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Esp32InstallResult))]
    public sealed class InstallEsp32FirmwareCommand : FirmwareCmdlet
    {
        private const string PathSet = "Path";
        private const string ImageSet = "Image";

        /// <summary>Serial ports: COM5, /dev/ttyUSB0, socket://host:port, rfc2217://host:port. Several are flashed one after another.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SerialPortCompleter))]
        public string[] Port { get; set; } = new string[0];

        /// <summary>A MicroPython ESP32 .bin (merged image), written at the chip's bootloader offset (0x1000).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Offsets and files: @{ 0x1000 = 'bootloader.bin'; 0x8000 = 'partitions.bin'; 0x10000 = 'app.bin' }.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public Hashtable Image { get; set; } = new Hashtable();

        /// <summary>The rate to connect at.</summary>
        [Parameter]
        [ValidateRange(300, 5000000)]
        public int BaudRate { get; set; } = Esp32Protocol.EspRomBaud;

        /// <summary>The rate to switch to for the data; falls back to BaudRate when the link fails there.</summary>
        [Parameter]
        [ValidateRange(300, 5000000)]
        public int FlashBaudRate { get; set; } = 921600;

        /// <summary>How to get the chip into its bootloader.</summary>
        [Parameter]
        public Esp32BeforeMode Before { get; set; } = Esp32BeforeMode.DefaultReset;

        /// <summary>What to do after a verified write.</summary>
        [Parameter]
        public Esp32AfterMode After { get; set; } = Esp32AfterMode.HardReset;

        /// <summary>Skips the MD5 verification of each region.</summary>
        [Parameter]
        public SwitchParameter NoVerify { get; set; }

        /// <summary>Writes raw data where an image is not required, and images built for another chip or revision.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<Esp32Region> regions;
            try
            {
                regions = ParameterSetName == ImageSet ? ImageRegions() : new[] { Esp32Installer.RegionForFirmware(ResolveSingleFile(Path)) };
            }
            catch (FirmwareToolsException e)
            {
                WriteFirmwareError(e);
                return;
            }

            foreach (string port in Port)
            {
                try
                {
                    Esp32InstallPreparation prepared = Esp32Installer.Prepare(new Esp32InstallRequest
                    {
                        Port = port,
                        Regions = regions,
                        BaudRate = BaudRate,
                        FlashBaudRate = FlashBaudRate,
                        Before = Before,
                        After = After,
                        Verify = !NoVerify.IsPresent,
                        Force = Force.IsPresent,
                    });
                    foreach (string warning in prepared.Warnings)
                    {
                        WriteWarning(warning);
                    }

                    if (!ShouldProcess(port, prepared.Description))
                    {
                        continue;
                    }

                    Esp32InstallResult result = RunOperation($"Installing ESP32 firmware on {port}", (log, progress, cancel) => Esp32Installer.Install(prepared, progress, log, cancel));
                    WriteObject(result);
                }
                catch (FirmwareToolsException e)
                {
                    // One failing port is reported and the next one is flashed.
                    WriteFirmwareError(e);
                }
                catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: the port is closed; PowerShell stops the pipeline.
                    return;
                }
            }
        }

        private IReadOnlyList<Esp32Region> ImageRegions()
        {
            var regions = new List<Esp32Region>();
            foreach (DictionaryEntry entry in Image)
            {
                regions.Add(new Esp32Region(ParseOffset(entry.Key), ResolveSingleFile(LanguagePrimitives.ConvertTo<string>(entry.Value))));
            }

            return regions;
        }

        /// <summary>Hashtable keys arrive as numbers (0x1000 is an int in PowerShell) or as strings ('0x1000', '4096').</summary>
        private static uint ParseOffset(object key)
        {
            object value = key is PSObject ps ? ps.BaseObject : key;
            switch (value)
            {
                case int i when i >= 0:
                    return (uint)i;
                case long l when l >= 0 && l <= uint.MaxValue:
                    return (uint)l;
                case uint u:
                    return u;
                case string s:
                    string text = s.Trim();
                    bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
                    if (uint.TryParse(hex ? text.Substring(2) : text, hex ? NumberStyles.HexNumber : NumberStyles.Integer, CultureInfo.InvariantCulture, out uint parsed))
                    {
                        return parsed;
                    }

                    break;
            }

            throw new Esp32RegionsInvalidException(Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty,
                $"'{key}' in -Image is not a flash offset",
                "Use offsets as numbers or hexadecimal strings: -Image @{ 0x1000 = 'bootloader.bin'; 0x8000 = 'partitions.bin'; 0x10000 = 'app.bin' }.");
        }
    }
}
