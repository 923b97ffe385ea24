using FirmwareTools.Protocols.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>ModemLineOrder (docs/protocols/esp32-family.md §3.7): no order it picks passes through (DTR off, RTS on) unless that is the target.</summary>
public sealed class ModemLineOrderTests
{
    public static TheoryData<bool?, bool?, bool, bool> Cases()
    {
        var data = new TheoryData<bool?, bool?, bool, bool>();
        bool?[] known = [false, true];
        foreach (bool dtr in new[] { false, true })
        {
            foreach (bool rts in new[] { false, true })
            {
                data.Add(null, null, dtr, rts);
                foreach (bool? oldDtr in known)
                {
                    foreach (bool? oldRts in known)
                    {
                        data.Add(oldDtr, oldRts, dtr, rts);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_chosen_order_never_shows_a_reset_state_on_the_way(bool? oldDtr, bool? oldRts, bool dtr, bool rts)
    {
        bool rtsFirst = ModemLineOrder.RtsFirst(oldDtr, oldRts, dtr, rts);
        bool targetIsReset = !dtr && rts;
        // Unknown lines: every starting state must be safe.
        foreach (bool startDtr in oldDtr is bool d ? new[] { d } : new[] { false, true })
        {
            foreach (bool startRts in oldRts is bool r ? new[] { r } : new[] { false, true })
            {
                // A state in between exists only when both lines change.
                bool bothChange = startDtr != dtr && startRts != rts;
                (bool Dtr, bool Rts) between = rtsFirst ? (startDtr, rts) : (dtr, startRts);
                Assert.False(bothChange && !targetIsReset && !between.Dtr && between.Rts, $"({startDtr},{startRts}) -> ({dtr},{rts}) passes through a reset");
            }
        }
    }

    [Fact]
    public void Esptools_classic_step_keeps_its_order_through_both_asserted()
    {
        Assert.False(ModemLineOrder.RtsFirst(false, true, true, false));
        Assert.True(ModemLineOrder.RtsFirst(true, true, false, false));
        Assert.True(ModemLineOrder.RtsFirst(null, null, false, false));
    }
}
