using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using FirmwareTools.Protocols;

namespace FirmwareTools
{
    /// <summary>
    /// Turns <see cref="OperationProgress"/> reports into Write-Progress records: one parent activity per
    /// cmdlet call, one child per phase (erase, write, verify...), bytes and rate in the status line,
    /// throttled, and always closed with a Completed record.
    /// </summary>
    internal sealed class ProgressWriter
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
        private readonly Cmdlet cmdlet;
        private readonly string activity;
        private readonly int parentId;
        private readonly Dictionary<string, PhaseState> phases = new Dictionary<string, PhaseState>(StringComparer.Ordinal);

        public ProgressWriter(Cmdlet cmdlet, string activity, int baseId)
        {
            this.cmdlet = cmdlet;
            this.activity = activity;
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
            var record = new ProgressRecord(state.Id, $"{activity}: {progress.Phase}", Describe(progress))
            {
                ParentActivityId = -1,
                PercentComplete = Math.Max(progress.PercentComplete, 0),
            };
            if (progress.Remaining is TimeSpan remaining)
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
                    cmdlet.WriteProgress(new ProgressRecord(phase.Value.Id, $"{activity}: {phase.Key}", "Done")
                    {
                        RecordType = ProgressRecordType.Completed,
                    });
                }
            }
        }

        internal static string Describe(OperationProgress progress)
        {
            string target = progress.Target is null ? string.Empty : progress.Target + ": ";
            string rate = ByteSize.Format((long)progress.BytesPerSecond) + "/s";
            return progress.Total > 0
                ? string.Format(CultureInfo.InvariantCulture, "{0}{1} of {2} bytes, {3}", target, progress.Completed, progress.Total, rate)
                : string.Format(CultureInfo.InvariantCulture, "{0}{1} bytes, {2}", target, progress.Completed, rate);
        }

        private sealed class PhaseState
        {
            public PhaseState(int id) => Id = id;

            public int Id { get; }

            public DateTime LastWritten { get; set; } = DateTime.MinValue;

            public bool Completed { get; set; }
        }
    }
}
