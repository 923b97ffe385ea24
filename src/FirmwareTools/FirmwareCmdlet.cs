using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FirmwareTools.Protocols;

namespace FirmwareTools
{
    /// <summary>
    /// What every FirmwareTools cmdlet shares: Ctrl+C cancels the running operation through a token, and
    /// operations run on a worker thread while their progress and log events are written from the
    /// cmdlet's own pipeline thread (PowerShell refuses Write* calls from any other thread).
    /// </summary>
    public abstract class FirmwareCmdlet : PSCmdlet
    {
        private static int nextActivityId = 1;
        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
        protected CancellationToken CancellationToken => cancellation.Token;

        protected override void StopProcessing() => cancellation.Cancel();

        protected override void EndProcessing() => cancellation.Dispose();

        private FirmwarePaths Paths => new FirmwarePaths(SessionState.Path, WriteError);

        /// <summary>
        /// Runs <paramref name="work"/> on a worker thread and pumps its events here until it ends. Progress
        /// is throttled to four records a second per phase, and every phase gets a Completed record, also
        /// when the work fails or is cancelled.
        /// </summary>
        /// <param name="subject">What the work is done to, short (a board's id and serial, a port): progress activities read "Write {subject}".</param>
        /// <param name="work">The operation, run on a worker thread.</param>
        protected T RunOperation<T>(string subject, Func<OperationLog, IProgress<OperationProgress>, CancellationToken, T> work)
        {
            using var events = new EventPump();
            var writer = new ProgressWriter(this, subject, Interlocked.Increment(ref nextActivityId));
            OperationLog log = (level, message) => events.Post(() => WriteLog(level, message));
            var progress = new SynchronousProgress<OperationProgress>(p => events.Post(() => writer.Report(p)));

            Task<T> task = events.Start(() => work(log, progress, CancellationToken));
            events.Pump(task, new[] { writer }, cancellation.Cancel);
            return task.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Runs one job per board, <paramref name="throttleLimit"/> at a time, on worker threads (<see cref="BoardJobs{T}"/>)
        /// while this thread writes their events: each board has its own progress activity (its own ActivityId), its log
        /// lines are prefixed with the board, and each board's result, or its error, is written in the order the boards
        /// were given, as soon as it and every board before it have ended. Ctrl+C cancels every job and waits for all of
        /// them, so each device is left idle; cancelled boards write nothing.
        /// </summary>
        protected void RunBoardJobs<T>(
            IReadOnlyList<string> targets,
            IReadOnlyList<Func<OperationLog, IProgress<OperationProgress>, CancellationToken, T>> jobs,
            int throttleLimit,
            Action<T> writeResult)
        {
            using var events = new EventPump();
            var writers = new ProgressWriter[jobs.Count];
            for (int i = 0; i < writers.Length; i++)
            {
                writers[i] = new ProgressWriter(this, targets[i], Interlocked.Increment(ref nextActivityId));
            }

            var ended = new BoardJobOutcome<T>?[jobs.Count];
            int nextToWrite = 0;
            void Ended(BoardJobOutcome<T> outcome)
            {
                writers[outcome.Index].CompleteAll();
                ended[outcome.Index] = outcome;

                // Results in input order: a board that finished early waits here for the boards before it.
                while (nextToWrite < ended.Length && ended[nextToWrite] is BoardJobOutcome<T> next)
                {
                    nextToWrite++;
                    if (next.Succeeded)
                    {
                        writeResult(next.Value!);
                    }
                    else if (next.Error is FirmwareToolsException failure)
                    {
                        WriteFirmwareError(failure);
                    }
                    else if (next.Error != null)
                    {
                        // A bug, not a board failure: terminate as a single operation would.
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(next.Error).Throw();
                    }
                }
            }

            var runner = new BoardJobs<T>(throttleLimit)
            {
                // Prefixed with the board, unless the line names it already ("socket://x: socket://x has no DTR/RTS lines").
                Log = (i, level, message) => events.Post(() => WriteLog(level, message.Contains(targets[i]) ? message : $"{targets[i]}: {message}")),
                Progress = (i, p) => events.Post(() => writers[i].Report(p)),
                Finished = outcome => events.Post(() => Ended(outcome)),
            };
            Task<bool> task = events.Start(() =>
            {
                runner.Run(jobs, CancellationToken);
                return true;
            });
            try
            {
                events.Pump(task, writers, cancellation.Cancel);
            }
            catch (PipelineStoppedException) when (CancellationToken.IsCancellationRequested)
            {
                OnBoardsStopped(targets.Where((_, i) => ended[i] is null).ToList());
                throw;
            }

            task.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Runs a flash of <paramref name="subject"/> as <see cref="RunOperation{T}"/> does; when Ctrl+C stops it, says on
        /// the console that the board may now hold incomplete firmware. Write* is refused while the pipeline stops, so the
        /// line goes to the host directly, as PowerShell's own "stopping" messages do.
        /// </summary>
        protected T RunFlash<T>(string subject, Func<OperationLog, IProgress<OperationProgress>, CancellationToken, T> work)
        {
            try
            {
                return RunOperation(subject, work);
            }
            catch (Exception e) when ((e is PipelineStoppedException || e is OperationCanceledException) && CancellationToken.IsCancellationRequested)
            {
                WarnStoppedFlash(subject);
                throw;
            }
        }

        /// <summary>Ctrl+C stopped a lab run before these boards ended; a cmdlet that flashes says what that means for them.</summary>
        protected virtual void OnBoardsStopped(IReadOnlyList<string> unfinished)
        {
        }

        /// <summary>The line <see cref="RunFlash{T}"/> writes after Ctrl+C; also for lab runs, once per board that was stopped.</summary>
        protected void WarnStoppedFlash(string subject) =>
            Host.UI.WriteWarningLine($"Stopped while flashing {subject}: its firmware may be erased or half written now. Flash it again before you reset it.");

        /// <summary>
        /// The one question a flash asks (ConfirmImpact High), which -Confirm:$false or $ConfirmPreference answers in a
        /// script: when the flash touches the board's files, <paramref name="filesystemEffect"/> ("overwrites ...") is
        /// part of the question, so no second question (ShouldContinue, which -NonInteractive cannot answer) is needed.
        /// </summary>
        protected bool ShouldFlash(string target, string description, string? filesystemEffect) =>
            filesystemEffect is null
                ? ShouldProcess(target, description)
                : ShouldProcess(
                    $"Performing the operation \"{description}\" on target \"{target}\". It {filesystemEffect}",
                    $"{description} on {target}? It {filesystemEffect}",
                    "Confirm");

        /// <summary>A non-terminating error for one failing item: the pipeline goes on to the next board or file.</summary>
        protected void WriteFirmwareError(FirmwareToolsException exception) => WriteError(ErrorRecords.From(exception));

        /// <summary>A terminating error for failures that leave nothing else to do (bad arguments, libusb missing).</summary>
        protected void ThrowFirmwareError(FirmwareToolsException exception) => ThrowTerminatingError(ErrorRecords.From(exception));

        /// <summary>
        /// Resolves -Path (wildcards) or -LiteralPath to existing file-system paths, as PowerShell's own file
        /// cmdlets do. A path that matches nothing, or is not on the file system, is a non-terminating error
        /// naming it, so the other paths are still processed.
        /// </summary>
        protected IReadOnlyList<string> ResolveExistingFiles(string[]? paths, bool literal) => Paths.ExistingFiles(paths, literal);

        /// <summary>Resolves a path that must name exactly one existing file (wildcards allowed if they match one).</summary>
        protected string ResolveSingleFile(string path) => Paths.SingleFile(path);

        /// <summary>Turns a destination path (which need not exist yet) into a file-system path, as New-Item does.</summary>
        protected string ResolveDestination(string path) => Paths.Destination(path);

        private void WriteLog(LogLevel level, string message)
        {
            switch (level)
            {
                case LogLevel.Debug:
                    WriteDebug(message);
                    break;
                case LogLevel.Warning:
                    WriteWarning(message);
                    break;
                default:
                    WriteVerbose(message);
                    break;
            }
        }

    }
}
