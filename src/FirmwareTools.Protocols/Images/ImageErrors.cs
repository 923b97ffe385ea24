using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>The catalog entries of firmware files: finding them, reading them, and what their contents allow.</summary>
    public static class ImageErrors
    {
        public static readonly ErrorDefinition FileNotFoundId = new("FirmwareFileNotFound", FirmwareErrorKind.NotFound);
        public static readonly ErrorDefinition PathIsFolderId = new("FirmwarePathIsFolder", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition PathAmbiguousId = new("FirmwarePathAmbiguous", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition FamilyMismatchId = new("FirmwareForAnotherFamily", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition Esp32FlashParametersInvalidId = new("Esp32FlashParametersInvalid", FirmwareErrorKind.InvalidArgument);

        // Caught by type (DfuFileFormatException: Get-FirmwareInfo reports the problem instead of failing).
        public static readonly ErrorDefinition DfuFileInvalidId = new("DfuFileInvalid", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition DfuSeFileNotRawImageId = new("DfuSeFileNotRawImage", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition FileUnreadableId = new("FirmwareFileUnreadable", FirmwareErrorKind.PermissionDenied);

        // Caught by type (Uf2FileException: Get-FirmwareInfo reports the problem); the id says which rule failed.
        public static readonly ErrorDefinition Uf2FileInvalidId = new("Uf2FileInvalid", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition Uf2FamilyMismatchId = new("Uf2FamilyMismatch", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition Uf2RunInvalidId = new("Uf2RunInvalid", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition Uf2AddressOutsideFlashId = new("Uf2AddressOutsideFlash", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition Uf2TouchesFilesystemId = new("Uf2TouchesFilesystem", FirmwareErrorKind.InvalidArgument);

        /// <summary>Caught by type (<see cref="PycomPackageException"/>): Get-FirmwareInfo and the ESP32 planner report it.</summary>
        public static readonly ErrorDefinition PycomPackageInvalidId = new("PycomPackageInvalid", FirmwareErrorKind.InvalidData);

        /// <summary>Caught by type (<see cref="Esp32ImageException"/>): -Force writes a non-image as raw data, the inspector reports it.</summary>
        public static readonly ErrorDefinition Esp32ImageInvalidId = new("Esp32ImageInvalid", FirmwareErrorKind.InvalidData);

        /// <summary>The firmware file does not exist or cannot be opened.</summary>
        public static FirmwareError FileNotFound(string path, Exception? innerException = null) =>
            new(FileNotFoundId, $"Firmware file '{path}' was not found.", path, "Check the path; Save-Firmware downloads firmware files.", innerException);

        /// <summary>A firmware path names a folder: say so, rather than "not found" for something that plainly exists.</summary>
        public static FirmwareError PathIsFolder(string path) =>
            new(PathIsFolderId, $"'{path}' is a folder, not a firmware file.", path,
                $"Give a file in it, or a wildcard such as '{System.IO.Path.Combine(path, "*.dfu")}'.", null);

        /// <summary>A -Path meant to name one firmware file matched several: flashing one of them would be a guess.</summary>
        public static FirmwareError PathAmbiguous(string path, IReadOnlyCollection<string> matches) =>
            new(PathAmbiguousId, $"The path '{path}' matches {matches.Count} files ({string.Join(", ", matches)}); give exactly one firmware file.", path,
                "Name the file without wildcards, or pipe the files you mean one by one.", null);

        /// <summary>
        /// A firmware file for another family of boards than the cmdlet flashes (an ESP32 image or Pycom package given to
        /// the pyboard installer, a DfuSe file given to the ESP32 installer), refused by what the file is, before any
        /// device is touched. The recommended action names the cmdlet that takes it.
        /// </summary>
        public static FirmwareError FamilyMismatch(string path, string message, string recommendedAction) =>
            new(FamilyMismatchId, message, path, recommendedAction, null);

        /// <summary>A flash mode, frequency or size the ESP32 image header cannot express (-FlashMode/-FlashFrequency/-FlashSize).</summary>
        public static FirmwareError Esp32FlashParametersInvalid(string parameter, string value, string allowed) =>
            new(Esp32FlashParametersInvalidId, $"'{value}' is not a valid ESP32 {parameter}: use one of {allowed}.", value,
                $"Pass one of {allowed}, or keep to leave the image header as built.", null);
    }
}
