namespace FirmwareTools.Protocols
{
    /// <summary>The catalog entries of failures shared by several board families (files the user owns).</summary>
    public static class CommonErrors
    {
        public static readonly ErrorDefinition BackupFileExistsId = new("BackupFileExists", FirmwareErrorKind.AlreadyExists);
        public static readonly ErrorDefinition BackupFolderMissingId = new("BackupFolderMissing", FirmwareErrorKind.NotFound);

        /// <summary>A backup would overwrite an existing file; nothing was read or written.</summary>
        public static FirmwareError BackupFileExists(string path) =>
            new(BackupFileExistsId, $"The backup file '{path}' already exists; it was left untouched.", path,
                "Choose another file name, or use -Force to overwrite the existing backup.");

        /// <summary>
        /// A backup's folder does not exist. A typing error in the folder name would otherwise create a tree of folders
        /// nobody asked for; -Force creates them, as New-Item -Force does. Nothing was read or written.
        /// </summary>
        public static FirmwareError BackupFolderMissing(string path, string folder) =>
            new(BackupFolderMissingId, $"The folder '{folder}' for the backup file '{path}' does not exist. Nothing was read or written.", path,
                "Check the path, create the folder first, or add -Force to create it.", null);
    }
}
