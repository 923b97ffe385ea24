using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>
    /// A validated install: the file was read and checked, the plan fits the device's memory, and nothing has
    /// been sent to the device yet. The cmdlet asks ShouldProcess with <see cref="Description"/> between
    /// <see cref="PyboardInstaller.Prepare"/> and <see cref="PyboardInstaller.Install"/>.
    /// </summary>
    public sealed class PyboardInstallPreparation
    {
        internal PyboardInstallPreparation(DfuDevice device, PyboardInstallRequest request, FirmwareImageFile file, DfuSeFlashPlan plan, IReadOnlyList<string> warnings)
        {
            Device = device;
            Request = request;
            File = file;
            Plan = plan;
            Warnings = warnings;
        }

        public DfuDevice Device { get; }

        public PyboardInstallRequest Request { get; }

        public FirmwareImageFile File { get; }

        public DfuSeFlashPlan Plan { get; }

        /// <summary>Things the user should hear before confirming (full erase wipes files, CRC overridden...).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>
        /// What the install does to the pyboard's files, a sentence that follows "It" ("rewrites the pyboard's whole
        /// filesystem ..."), also said in <see cref="Warnings"/>; null when the install leaves sectors 1-4 alone.
        /// </summary>
        public string? FilesystemEffect { get; internal set; }

        /// <summary>True when the plan erases any part of the pyboard filesystem (sectors 1-4).</summary>
        public bool ErasesFilesystem => Stm32F405FlashMap.ErasesPyboardFilesystem(Plan);

        /// <summary>One line for the confirmation prompt: what is written and what is erased.</summary>
        public string Description
        {
            get
            {
                string erase = Plan.MassErase
                    ? "mass-erase the whole flash, filesystem included"
                    : "erase sector" + (Plan.Erases.Count == 1 ? " " : "s ") + NumberRanges.Format(Plan.Erases.Select(s => s.Index));
                // A raw image goes where -Address said: echoed in hex, as the user typed it and memory maps print it.
                string where = Request.Address is uint address ? string.Format(CultureInfo.InvariantCulture, " at 0x{0:X8}", address) : string.Empty;
                return string.Format(
                    CultureInfo.InvariantCulture,
                    "Flash {0}{6} ({1} in {2} region{3}): {4}{5}",
                    System.IO.Path.GetFileName(File.Path),
                    ByteSize.Format(Plan.TotalWriteBytes),
                    Plan.Writes.Count,
                    Plan.Writes.Count == 1 ? string.Empty : "s",
                    erase,
                    Request.Verify ? ", then verify" : string.Empty,
                    where);
            }
        }
    }
}
