namespace FirmwareTools
{
    /// <summary>
    /// Where Get-Help -Online goes: each cmdlet's help page in the repository (docs/help, the source of the compiled help),
    /// on the project's address in the manifest.
    /// </summary>
    internal static class HelpUris
    {
        public const string Pages = "https://github.com/firmwaretools/FirmwareTools/blob/main/docs/help/";
    }
}
