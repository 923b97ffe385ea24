using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using FirmwareTools.Protocols;

namespace FirmwareTools
{
    /// <summary>
    /// Turns <see cref="OperationProgress"/> reports into Write-Progress records, one activity per phase. The activity is
    /// short with the phase first (<c>Write 0483:df11 3061B4493536</c>) so an 80-column bar still shows what is being
    /// done to which board; the counts and the rate are in the status (<c>12288 of 389632 bytes, 40 KB/s</c>).
    /// Throttled, and always closed with a Completed record.
    /// </summary>
    internal sealed class ProgressWriter
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
        private readonly Cmdlet cmdlet;
        private readonly string subject;
        private readonly int parentId;
        private readonly Dictionary<string, PhaseState> phases = new Dictionary<string, PhaseState>(StringComparer.Ordinal);

        /// <param name="cmdlet">Writes the records.</param>
        /// <param name="subject">What the work is done to, as short as names it: a board (0483:df11 3061B4493536), a port.</param>
        /// <param name="baseId">Unique per writer, so boards flashed at once have their own bars.</param>
        public ProgressWriter(Cmdlet cmdlet, string subject, int baseId)
        {
            this.cmdlet = cmdlet;
            this.subject = subject;
            parentId = baseId * 100;
        }

        public void Report(OperationProgress progress)
        {
            if (!phases.TryGetValue(progress.Phase, out PhaseState? state))
            {
                state = new PhaseState(parentId + phases.Count + 1);
                phases.Add(progress.Phase, state);
            }

            DateTime now = DateTime.UtcNow;
            if (!progress.IsFinal && now - state.LastWritten < Interval)
            {
                return;
            }

            state.LastWritten = now;
            var record = new ProgressRecord(state.Id, Activity(progress.Phase), Describe(progress, subject))
            {
                ParentActivityId = -1,
                PercentComplete = Math.Max(progress.PercentComplete, 0),
            };
            if (progress.CountsBytes && progress.Remaining is TimeSpan remaining)
            {
                record.SecondsRemaining = (int)Math.Ceiling(remaining.TotalSeconds);
            }

            if (progress.IsFinal)
            {
                record.RecordType = ProgressRecordType.Completed;
                state.Completed = true;
            }

            cmdlet.WriteProgress(record);
        }

        public void CompleteAll()
        {
            foreach (KeyValuePair<string, PhaseState> phase in phases)
            {
                if (!phase.Value.Completed)
                {
                    phase.Value.Completed = true;
                    cmdlet.WriteProgress(new ProgressRecord(phase.Value.Id, Activity(phase.Key), "Done")
                    {
                        RecordType = ProgressRecordType.Completed,
                    });
                }
            }
        }

        /// <summary>
        /// The status line: the part worked on when the activity does not already name it (an ESP32 region, a file), then
        /// the counts, and a rate only for bytes ("1 of 3 boards", not "1 of 3 bytes, 0 B/s").
        /// </summary>
        internal static string Describe(OperationProgress progress, string subject = "")
        {
            string target = progress.Target is null || (subject.Length > 0 && progress.Target.StartsWith(subject, StringComparison.Ordinal))
                ? string.Empty
                : progress.Target + ": ";
            string counts = progress.Total > 0
                ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} {2}", progress.Completed, progress.Total, progress.Unit)
                : string.Format(CultureInfo.InvariantCulture, "{0} {1}", progress.Completed, progress.Unit);
            return progress.CountsBytes ? $"{target}{counts}, {ByteSize.Format((long)progress.BytesPerSecond)}/s" : target + counts;
        }

        private string Activity(string phase) => subject.Length == 0 ? phase : phase + " " + subject;

        private sealed class PhaseState
        {
            public PhaseState(int id) => Id = id;

            public int Id { get; }

            public DateTime LastWritten { get; set; } = DateTime.MinValue;

            public bool Completed { get; set; }
        }
    }
}
