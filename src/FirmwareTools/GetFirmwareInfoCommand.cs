using System.Management.Automation;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Shows what a firmware file holds and whether it is sound, without any device.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "FirmwareInfo", HelpUri = HelpUris.Pages + "Get-FirmwareInfo.md", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(FirmwareInfo))]
    public sealed class GetFirmwareInfoCommand : FirmwareCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Firmware files; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Firmware files, taken literally (no wildcards); binds to the PSPath of Get-ChildItem output.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string file in ResolveExistingFiles(literal ? LiteralPath : Path, literal))
            {
                try
                {
                    WriteObject(FirmwareInspector.Inspect(file));
                }
                catch (FirmwareToolsException e)
                {
                    WriteFirmwareError(e);
                }
            }
        }
    }
}
