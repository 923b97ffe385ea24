namespace FirmwareTools.Protocols.Images
{
    /// <summary>A firmware path names a folder: say so, rather than "not found" for something that plainly exists.</summary>
    public sealed class FirmwarePathIsFolderException : FirmwareToolsException
    {
        public FirmwarePathIsFolderException(string path)
            : base($"'{path}' is a folder, not a firmware file.", path,
                   $"Give a file in it, or a wildcard such as '{System.IO.Path.Combine(path, "*.dfu")}'.", null)
        {
            Path = path;
        }

        public string Path { get; }

        public override string ErrorId => "FirmwarePathIsFolder";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
