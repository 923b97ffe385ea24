using System.Collections.Generic;
using FirmwareTools.Protocols;

namespace FirmwareTools
{
    /// <summary>A -Path meant to name one firmware file matched several: flashing one of them would be a guess.</summary>
    public sealed class FirmwarePathAmbiguousException : FirmwareToolsException
    {
        public FirmwarePathAmbiguousException(string path, IReadOnlyCollection<string> matches)
            : base($"The path '{path}' matches {matches.Count} files ({string.Join(", ", matches)}); give exactly one firmware file.", path,
                   "Name the file without wildcards, or pipe the files you mean one by one.", null)
        {
        }

        public override string ErrorId => "FirmwarePathAmbiguous";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
