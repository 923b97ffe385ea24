using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>
/// The parallel board runner. Overlap and ordering are proven with gates (a job waits for another job's signal), so
/// nothing depends on how fast the machine is; the generous waits only turn a deadlock into a failure.
/// </summary>
public class BoardJobsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private static Func<OperationLog, IProgress<OperationProgress>, CancellationToken, string> Job(Func<CancellationToken, string> body) =>
        (log, progress, cancel) => body(cancel);

    [Fact]
    public void Outcomes_come_in_input_order_when_the_jobs_end_in_reverse_order()
    {
        using var secondDone = new ManualResetEventSlim();
        var finishedOrder = new ConcurrentQueue<int>();
        var runner = new BoardJobs<string>(2)
        {
            Finished = o =>
            {
                finishedOrder.Enqueue(o.Index);
                if (o.Index == 1)
                {
                    secondDone.Set();
                }
            },
        };

        var outcomes = runner.Run(
        [
            // The first job ends only after the runner has reported the second as finished: they overlap, and
            // completion order is 1, 0 (waiting on the second job's body alone left a race with its Finished report).
            Job(_ => secondDone.Wait(Limit) ? "A" : throw new TimeoutException("job 1 never ended while job 0 ran")),
            Job(_ => "B"),
        ], CancellationToken.None);

        Assert.Equal(["A", "B"], outcomes.Select(o => o.Value));
        Assert.Equal([0, 1], outcomes.Select(o => o.Index));
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Equal([1, 0], finishedOrder);
    }

    [Fact]
    public void At_most_ThrottleLimit_jobs_run_at_once_and_that_many_do_overlap()
    {
        int running = 0;
        int peak = 0;
        using var pair = new Barrier(2);
        var runner = new BoardJobs<string>(2);

        string Body(CancellationToken cancel)
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            try
            {
                // Each job waits for a partner: two jobs must be in flight together, or this fails.
                return pair.SignalAndWait(Limit) ? "ok" : throw new TimeoutException("no second job ran at the same time");
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }

        var outcomes = runner.Run(Enumerable.Range(0, 6).Select(_ => Job(Body)).ToList(), CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal("ok", o.Value));
        Assert.Equal(2, peak);
    }

    [Fact]
    public void One_failing_job_is_its_own_outcome_and_the_others_finish()
    {
        var runner = new BoardJobs<string>(3);
        var failure = new InvalidOperationException("board 1 dropped out");

        var outcomes = runner.Run([Job(_ => "A"), Job(_ => throw failure), Job(_ => "C")], CancellationToken.None);

        Assert.Equal("A", outcomes[0].Value);
        Assert.Same(failure, outcomes[1].Error);
        Assert.False(outcomes[1].Succeeded);
        Assert.False(outcomes[1].Cancelled);
        Assert.Equal("C", outcomes[2].Value);
    }

    [Fact]
    public async System.Threading.Tasks.Task Cancellation_stops_the_running_jobs_starts_no_other_and_returns_after_the_running_ones_ended()
    {
        using var cancellation = new CancellationTokenSource();
        using var bothStarted = new CountdownEvent(2);
        int started = 0;
        int ended = 0;
        var runner = new BoardJobs<string>(2);

        string Body(CancellationToken cancel)
        {
            Interlocked.Increment(ref started);
            try
            {
                bothStarted.Signal();
                cancel.WaitHandle.WaitOne(Limit);
                cancel.ThrowIfCancellationRequested();
                return "not cancelled";
            }
            finally
            {
                Interlocked.Increment(ref ended);
            }
        }

        var run = System.Threading.Tasks.Task.Run(() => runner.Run(Enumerable.Range(0, 4).Select(_ => Job(Body)).ToList(), cancellation.Token));
        Assert.True(bothStarted.Wait(Limit));
        cancellation.Cancel();
        var outcomes = await run;

        Assert.All(outcomes, o => Assert.True(o.Cancelled));
        Assert.All(outcomes, o => Assert.Null(o.Value));
        Assert.Equal(2, started);
        Assert.Equal(2, Volatile.Read(ref ended));
    }

    [Fact]
    public void Progress_and_log_are_tagged_with_the_job_that_reported_them()
    {
        var progress = new ConcurrentBag<(int Index, string? Target)>();
        var logs = new ConcurrentBag<(int Index, LogLevel Level, string Message)>();
        var runner = new BoardJobs<int>(3)
        {
            Progress = (i, p) => progress.Add((i, p.Target)),
            Log = (i, level, message) => logs.Add((i, level, message)),
        };
        var jobs = Enumerable.Range(0, 3).Select(n => (Func<OperationLog, IProgress<OperationProgress>, CancellationToken, int>)((log, p, _) =>
        {
            p.Report(new OperationProgress("Write", 1, 2, TimeSpan.FromSeconds(1), "board" + n));
            log(LogLevel.Warning, "from board" + n);
            return n;
        })).ToList();

        var outcomes = runner.Run(jobs, CancellationToken.None);

        Assert.Equal([0, 1, 2], outcomes.Select(o => o.Value));
        Assert.Equal([(0, "board0"), (1, "board1"), (2, "board2")], progress.OrderBy(p => p.Index));
        Assert.Equal([(0, LogLevel.Warning, "from board0"), (1, LogLevel.Warning, "from board1"), (2, LogLevel.Warning, "from board2")], logs.OrderBy(l => l.Index));
    }

    [Fact]
    public void A_limit_of_one_runs_the_jobs_one_after_another_in_input_order()
    {
        var order = new List<string>();
        int running = 0;
        int peak = 0;
        var runner = new BoardJobs<string>(1);

        string Body(string name)
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref running));
            lock (order)
            {
                order.Add(name);
            }

            Interlocked.Decrement(ref running);
            return name;
        }

        var outcomes = runner.Run([Job(_ => Body("a")), Job(_ => Body("b")), Job(_ => Body("c"))], CancellationToken.None);

        Assert.Equal(["a", "b", "c"], order);
        Assert.Equal(["a", "b", "c"], outcomes.Select(o => o.Value));
        Assert.Equal(1, peak);
    }

    [Fact]
    public void A_limit_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoardJobs<string>(0));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
