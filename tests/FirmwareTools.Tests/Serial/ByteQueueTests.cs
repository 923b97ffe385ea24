using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>The simulators' byte queue: its read deadline arithmetic, which once turned a late read into an endless wait.</summary>
public sealed class ByteQueueTests
{
    private static readonly DateTime Deadline = new(2026, 11, 24, 19, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_read_exactly_one_millisecond_past_its_deadline_has_timed_out_rather_than_waiting_forever()
    {
        // deadline - now is then -1 ms, the value of Timeout.InfiniteTimeSpan.
        Assert.Null(ByteQueue.WaitMilliseconds(Deadline, Deadline.AddMilliseconds(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.0001)]
    [InlineData(5000)]
    public void A_read_at_or_past_its_deadline_has_timed_out(double lateMs) =>
        Assert.Null(ByteQueue.WaitMilliseconds(Deadline, Deadline.AddMilliseconds(lateMs)));

    [Fact]
    public void Before_the_deadline_the_wait_is_the_time_left_rounded_up() =>
        Assert.Equal(26, ByteQueue.WaitMilliseconds(Deadline, Deadline.AddMilliseconds(-25.2)));

    [Fact]
    public void No_deadline_waits_without_limit() =>
        Assert.Equal(Timeout.Infinite, ByteQueue.WaitMilliseconds(DateTime.MaxValue, Deadline));

    [Fact]
    public void A_read_with_a_short_timeout_and_no_data_returns_nothing()
    {
        var queue = new ByteQueue();
        Assert.Equal(0, queue.Read(new byte[4], 0, 4, TimeSpan.FromMilliseconds(1), CancellationToken.None));
    }
}
