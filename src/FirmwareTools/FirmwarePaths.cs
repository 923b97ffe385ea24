using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools
{
    /// <summary>
    /// Turns the paths a user types (PowerShell paths, wildcards, -LiteralPath, destinations that do not exist yet) into
    /// file-system paths, as PowerShell's own file cmdlets do.
    /// </summary>
    internal sealed class FirmwarePaths
    {
        private readonly PathIntrinsics paths;
        private readonly Action<ErrorRecord> writeError;

        public FirmwarePaths(PathIntrinsics paths, Action<ErrorRecord> writeError)
        {
            this.paths = paths;
            this.writeError = writeError;
        }

        /// <summary>
        /// Resolves -Path (wildcards) or -LiteralPath to existing file-system paths. A path that matches nothing, or is
        /// not on the file system, is a non-terminating error naming it, so the other paths are still processed.
        /// </summary>
        public IReadOnlyList<string> ExistingFiles(string[]? given, bool literal)
        {
            var result = new List<string>();
            foreach (string path in given ?? new string[0])
            {
                try
                {
                    if (literal)
                    {
                        string resolved = paths.GetUnresolvedProviderPathFromPSPath(path);
                        if (!File.Exists(resolved))
                        {
                            throw new ItemNotFoundException($"Cannot find the file '{resolved}' because it does not exist.");
                        }

                        result.Add(resolved);
                    }
                    else
                    {
                        Collection<string> resolved = paths.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                        if (provider.Name != "FileSystem")
                        {
                            throw new ArgumentException($"'{path}' is on the {provider.Name} provider; firmware files must be on the file system.");
                        }

                        result.AddRange(resolved);
                    }
                }
                catch (Exception e) when (e is ItemNotFoundException || e is ArgumentException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
                {
                    writeError(new ErrorRecord(e, ImageErrors.FileNotFoundId.Id, ErrorCategory.ObjectNotFound, path));
                }
            }

            return result;
        }

        /// <summary>Resolves a path that must name exactly one existing file (wildcards allowed if they match one).</summary>
        public string SingleFile(string path)
        {
            Collection<string> resolved;
            try
            {
                resolved = paths.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                if (provider.Name != "FileSystem")
                {
                    throw ImageErrors.FileNotFound(path);
                }
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
            {
                throw ImageErrors.FileNotFound(path);
            }

            if (resolved.Count > 1)
            {
                throw ImageErrors.PathAmbiguous(path, resolved);
            }

            if (resolved.Count == 1 && Directory.Exists(resolved[0]))
            {
                throw ImageErrors.PathIsFolder(resolved[0]);
            }

            if (resolved.Count == 0 || !File.Exists(resolved[0]))
            {
                throw ImageErrors.FileNotFound(path);
            }

            return resolved[0];
        }

        /// <summary>Turns a destination path (which need not exist yet) into a file-system path, as New-Item does.</summary>
        public string Destination(string path) => paths.GetUnresolvedProviderPathFromPSPath(path);
    }
}
