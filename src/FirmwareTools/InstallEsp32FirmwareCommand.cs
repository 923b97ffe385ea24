using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Flashes ESP32 firmware (a MicroPython .bin, or bootloader, partition table and app) through the chip's ROM serial bootloader, and verifies it.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "Esp32Firmware", HelpUri = HelpUris.Pages + "Install-Esp32Firmware.md", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Esp32InstallResult))]
    public sealed class InstallEsp32FirmwareCommand : FirmwareCmdlet
    {
        private const string PathSet = "Path";
        private const string ImageSet = "Image";
        private readonly List<Esp32InstallPreparation> confirmed = new List<Esp32InstallPreparation>();

        /// <summary>Serial ports: COM5, /dev/ttyUSB0, socket://host:port, rfc2217://host:port. Several are flashed one after another, or -ThrottleLimit at once.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SerialPortCompleter))]
        public string[] Port { get; set; } = new string[0];

        /// <summary>
        /// How many ports are flashed at once. 1 (the default) flashes them one after another as they come. Above 1, every
        /// port is checked and confirmed as it arrives, then all are flashed together once the input ends, and their
        /// results come at the end, in the order the ports were given.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>A MicroPython ESP32-family .bin (merged image), written at the bootloader offset of the chip its header names (0x1000 on ESP32 and S2, 0x0 on S3, C3 and C6), or a Pycom firmware package (.tar.gz), whose script is run.</summary>
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

        /// <summary>Flash mode for the bootloader header: keep, qio, qout, dio, dout. Default: keep for MicroPython images, dio for Pycom packages.</summary>
        [Parameter]
        [ValidateSet("keep", "qio", "qout", "dio", "dout", IgnoreCase = true)]
        public string? FlashMode { get; set; }

        /// <summary>Flash frequency for the bootloader header: keep, 40m, 26m, 20m, 80m. Default: keep for MicroPython images, 80m for Pycom packages.</summary>
        [Parameter]
        [ValidateSet("keep", "40m", "26m", "20m", "80m", IgnoreCase = true)]
        public string? FlashFrequency { get; set; }

        /// <summary>Flash size for the bootloader header: keep, detect, 1MB ... 16MB. Default: keep for MicroPython images, detect for Pycom packages.</summary>
        [Parameter]
        [ValidateSet("keep", "detect", "1MB", "2MB", "4MB", "8MB", "16MB", IgnoreCase = true)]
        public string? FlashSize { get; set; }

        /// <summary>
        /// How the board is connected: UsbUartBridge, UsbSerialJtag or UsbOtg. Default: recognised from the port's USB ids
        /// (303A:1001 USB-Serial/JTAG, 303A:0002 and 303A:0009 the ROM's USB-OTG, anything else a bridge); give it for a
        /// socket:// or rfc2217:// port, which has no USB ids. -Before DefaultReset and -After HardReset then mean this
        /// connection's own reset.
        /// </summary>
        [Parameter]
        public Esp32Connection? Connection { get; set; }

        /// <summary>Reads each region's MD5 from the chip first and writes only the regions that differ.</summary>
        [Parameter]
        public SwitchParameter SkipUnchanged { get; set; }

        /// <summary>Erases the WHOLE flash first: the file system, the NVS and the Pycom config block (LoRa/Sigfox MACs) are wiped.</summary>
        [Parameter]
        public SwitchParameter EraseAll { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<Esp32Region> regions;
            string? package = null;
            Esp32FlashParameters? flashParameters;
            try
            {
                string? single = ParameterSetName == ImageSet ? null : ResolveSingleFile(Path);
                if (single != null)
                {
                    // A .dfu is refused by what it is (a DfuSe file for an STM32), naming Install-PyboardFirmware.
                    FirmwareFamily.RequireEsp32(single);
                }

                if (single != null && System.IO.File.Exists(single) && Esp32Installer.IsPackage(single))
                {
                    package = single;
                    regions = new Esp32Region[0];
                }
                else
                {
                    regions = single is null ? ImageRegions() : new[] { Esp32Installer.RegionForFirmware(single) };
                }

                Esp32FlashParameters defaults = package is null ? Esp32FlashParameters.Keep : Esp32FlashParameters.PycomUpdater;
                flashParameters = FlashMode is null && FlashFrequency is null && FlashSize is null
                    ? null
                    : new Esp32FlashParameters(
                        FlashMode is null ? defaults.Mode : Esp32FlashParameters.ParseMode(FlashMode),
                        FlashFrequency is null ? defaults.Frequency : Esp32FlashParameters.ParseFrequency(FlashFrequency),
                        FlashSize is null ? defaults.Size : Esp32FlashParameters.ParseSize(FlashSize));
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
                    int flashBaudRate = FlashBaudRateFor(port);
                    Esp32InstallPreparation prepared = Esp32Installer.Prepare(new Esp32InstallRequest
                    {
                        Port = port,
                        Regions = regions,
                        BaudRate = BaudRate,
                        FlashBaudRate = flashBaudRate,
                        Before = Before,
                        After = After,
                        Verify = !NoVerify.IsPresent,
                        Force = Force.IsPresent,
                        PackagePath = package,
                        FlashParameters = flashParameters,
                        SkipUnchanged = SkipUnchanged.IsPresent,
                        EraseAll = EraseAll.IsPresent,
                        PortUsbId = Esp32Installer.UsbIdOf(port, MachinePorts()),
                        PortIdentity = Esp32Installer.ListingOf(port, MachinePorts()),
                        Connection = Connection,
                    });
                    foreach (string warning in prepared.Warnings)
                    {
                        WriteWarning(warning);
                    }

                    if (!ShouldProcess(port, prepared.Description))
                    {
                        continue;
                    }

                    if (ThrottleLimit > 1)
                    {
                        // Prompts cannot come from workers: each port is confirmed here, before any flashing starts.
                        confirmed.Add(prepared);
                        continue;
                    }

                    Esp32InstallResult result = RunFlash(port, (log, progress, cancel) => Esp32Installer.Install(prepared, progress, log, cancel));
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

        protected override void EndProcessing()
        {
            if (confirmed.Count > 0)
            {
                RunBoardJobs(
                    confirmed.Select(p => p.Request.Port).ToList(),
                    confirmed.Select(p => (Func<OperationLog, IProgress<OperationProgress>, System.Threading.CancellationToken, Esp32InstallResult>)((log, progress, cancel) => Esp32Installer.Install(p, progress, log, cancel))).ToList(),
                    ThrottleLimit,
                    WriteObject);
            }

            base.EndProcessing();
        }

        /// <summary>Ctrl+C in a lab run: each board that had not finished may hold incomplete firmware.</summary>
        protected override void OnBoardsStopped(IReadOnlyList<string> unfinished)
        {
            foreach (string board in unfinished)
            {
                WarnStoppedFlash(board);
            }
        }

        /// <summary>
        /// The rate to switch to for the data on <paramref name="port"/>. A socket:// port is raw TCP to something whose
        /// UART rate this module cannot set (ser2net's raw mode, an emulator): switching the ROM's rate there leaves the two
        /// ends apart, so the connect rate is kept unless -FlashBaudRate is given.
        /// </summary>
        private int FlashBaudRateFor(string port)
        {
            bool raw = port.StartsWith(SerialPorts.SocketScheme + "://", StringComparison.OrdinalIgnoreCase);
            if (!raw || MyInvocation.BoundParameters.ContainsKey(nameof(FlashBaudRate)))
            {
                return FlashBaudRate;
            }

            WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                "{0} is a raw TCP link that cannot carry a baud rate change to the far UART: keeping {1} baud for the data (give -FlashBaudRate to switch anyway).",
                port, BaudRate));
            return BaudRate;
        }

        private IReadOnlyList<SerialPortInfo>? machinePorts;

        /// <summary>The machine's ports with their USB ids, read once; empty where they cannot be listed.</summary>
        private IReadOnlyList<SerialPortInfo> MachinePorts()
        {
            if (machinePorts is null)
            {
                try
                {
                    machinePorts = SerialPortFinder.Find();
                }
                catch (Exception e) when (e is FirmwareToolsException || e is System.IO.IOException || e is UnauthorizedAccessException)
                {
                    WriteVerbose($"Could not list the serial ports' USB ids: {e.Message}");
                    machinePorts = new SerialPortInfo[0];
                }
            }

            return machinePorts;
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

        /// <summary>Hashtable keys arrive as numbers (0x1000 is an int in PowerShell) or as strings, which are hex ('0x1000', '1000').</summary>
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
                case string s when HexDigits.TryParse(s, 8, out ulong parsed) is null:
                    return (uint)parsed;
            }

            throw Esp32BoardErrors.RegionsInvalid(Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty,
                $"'{key}' in -Image is not a flash offset",
                "Use offsets as numbers or hexadecimal strings: -Image @{ 0x1000 = 'bootloader.bin'; 0x8000 = 'partitions.bin'; 0x10000 = 'app.bin' }.");
        }
    }
}
