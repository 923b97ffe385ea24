using System;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// One entry of the error catalog: a stable PascalCase ErrorId and its kind. Every definition is a
    /// <c>static readonly</c> field of an area's error class (<c>SerialErrors</c>, <c>Esp32Errors</c>, ...),
    /// so a contract test can enumerate the catalog by reflection and check that every id is unique and
    /// listed in about_FirmwareTools with when it happens and what to do.
    /// </summary>
    public sealed class ErrorDefinition
    {
        internal ErrorDefinition(string id, FirmwareErrorKind kind)
        {
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException("An ErrorId must not be empty.", nameof(id));
            }

            Id = id;
            Kind = kind;
        }

        /// <summary>The ErrorId PowerShell shows (FullyQualifiedErrorId before the comma).</summary>
        public string Id { get; }

        public FirmwareErrorKind Kind { get; }

        public override string ToString() => Id;
    }
}
