using System;
using System.Collections.Generic;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Downloads;

namespace FirmwareTools
{
    /// <summary>
    /// Save-Firmware: downloads firmware from micropython.org, Pycom's update service or a direct link,
    /// verified, into a folder; or lists the versions a board has.
    /// </summary>
    [Cmdlet(VerbsData.Save, "Firmware", HelpUri = HelpUris.Pages + "Save-Firmware.md", DefaultParameterSetName = ByBoardSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FirmwareFile), typeof(FirmwareRelease))]
    public sealed class SaveFirmwareCommand : FirmwareCmdlet
    {
        private const string ByBoardSet = "ByBoard";
        private const string ByUriSet = "ByUri";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByBoardSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BoardNameCompleter))]
        public string Board { get; set; } = string.Empty;

        [Parameter(ParameterSetName = ByBoardSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        [Parameter(ParameterSetName = ByBoardSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Variant { get; set; }

        [Parameter(ParameterSetName = ByBoardSet)]
        public FirmwareSource? Source { get; set; }

        [Parameter(ParameterSetName = ByBoardSet)]
        public SwitchParameter IncludePreview { get; set; }

        [Parameter(ParameterSetName = ByBoardSet)]
        public SwitchParameter ListAvailable { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByUriSet, ValueFromPipelineByPropertyName = true)]
        public Uri Uri { get; set; } = null!;

        [Parameter(ParameterSetName = ByUriSet)]
        public SwitchParameter AllowHttp { get; set; }

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? DestinationPath { get; set; }

        [Parameter]
        [ValidatePattern("^(sha256:)?[0-9A-Fa-f]{64}$")]
        public string? ExpectedHash { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            using var http = new FirmwareHttp();
            var operation = new SaveFirmwareOperation(http);
            try
            {
                if (ParameterSetName == ByBoardSet)
                {
                    var query = new FirmwareQuery(Board)
                    {
                        Source = Source,
                        Version = Version,
                        Variant = Variant,
                        IncludePreview = IncludePreview.IsPresent,
                    };

                    if (ListAvailable.IsPresent)
                    {
                        IReadOnlyList<FirmwareRelease> releases = RunOperation("firmware", (log, progress, token) => operation.ListAsync(query, log, token).GetAwaiter().GetResult());
                        foreach (FirmwareRelease release in releases)
                        {
                            WriteObject(release);
                        }

                        return;
                    }

                    string folder = ResolveDestinationFolder();
                    if (!ShouldProcess(folder, $"Save {Board} firmware{(Version is null ? string.Empty : " " + Version)}"))
                    {
                        return;
                    }

                    WriteObject(RunOperation("firmware", (log, progress, token) => operation.SaveAsync(query, folder, Force.IsPresent, ExpectedHash, log, progress, token).GetAwaiter().GetResult()));
                }
                else
                {
                    string folder = ResolveDestinationFolder();
                    if (!ShouldProcess(folder, $"Save {Uri}"))
                    {
                        return;
                    }

                    WriteObject(RunOperation("firmware", (log, progress, token) => operation.SaveUriAsync(Uri, folder, AllowHttp.IsPresent, Force.IsPresent, ExpectedHash, log, progress, token).GetAwaiter().GetResult()));
                }
            }
            catch (FirmwareInvalidArgumentException ex)
            {
                ThrowFirmwareError(ex);
            }
            catch (InsecureUriException ex)
            {
                ThrowFirmwareError(ex);
            }
            catch (FirmwareToolsException ex)
            {
                WriteFirmwareError(ex);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the downloader has already removed its temporary file.
            }
        }

        /// <summary>-DestinationPath resolved as PowerShell resolves provider paths (relative to the current location, PSDrives allowed); default the current file-system location.</summary>
        private string ResolveDestinationFolder() =>
            DestinationPath is null
                ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                : ResolveDestination(DestinationPath);
    }
}
