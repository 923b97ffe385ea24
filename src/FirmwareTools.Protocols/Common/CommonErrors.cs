namespace FirmwareTools.Protocols
{
    /// <summary>The catalog entries of failures shared by several board families (files the user owns).</summary>
    public static class CommonErrors
    {
        public static readonly ErrorDefinition BackupFileExistsId = new("BackupFileExists", FirmwareErrorKind.AlreadyExists);

        /// <summary>A backup would overwrite an existing file; nothing was read or written.</summary>
        public static FirmwareError BackupFileExists(string path) =>
            new(BackupFileExistsId, $"The backup file '{path}' already exists; it was left untouched.", path,
                "Choose another file name, or use -Force to overwrite the existing backup.");
    }
}
