namespace FirmwareTools.Protocols
{
    /// <summary>A backup would overwrite an existing file; nothing was read or written.</summary>
    public sealed class BackupFileExistsException : FirmwareToolsException
    {
        public BackupFileExistsException(string path)
            : base($"The backup file '{path}' already exists; it was left untouched.", path,
                   "Choose another file name, or use -Force to overwrite the existing backup.", null)
        {
            Path = path;
        }

        public string Path { get; }

        public override string ErrorId => "BackupFileExists";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.AlreadyExists;
    }
}
