namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// A backup's folder does not exist. A typing error in the folder name would otherwise create a tree of folders
    /// nobody asked for; -Force creates them, as New-Item -Force does. Nothing was read or written.
    /// </summary>
    public sealed class BackupFolderMissingException : FirmwareToolsException
    {
        public BackupFolderMissingException(string path, string folder)
            : base($"The folder '{folder}' for the backup file '{path}' does not exist. Nothing was read or written.", path,
                   "Check the path, create the folder first, or add -Force to create it.", null)
        {
            Path = path;
            Folder = folder;
        }

        public string Path { get; }

        public string Folder { get; }

        public override string ErrorId => "BackupFolderMissing";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;
    }
}
