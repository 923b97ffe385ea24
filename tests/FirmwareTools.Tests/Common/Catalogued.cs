using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>
/// Asserts a failure from the error catalog by what a script sees: the ErrorId. Failures that are not
/// caught by type in the product are one type, <see cref="FirmwareError"/>, so the id is what tells them apart.
/// </summary>
public static class Catalogued
{
    public static FirmwareError Throws(string errorId, Action action)
    {
        var e = Assert.Throws<FirmwareError>(action);
        Assert.Equal(errorId, e.ErrorId);
        return e;
    }

    public static FirmwareError Throws(string errorId, Func<object?> action)
    {
        var e = Assert.Throws<FirmwareError>(action);
        Assert.Equal(errorId, e.ErrorId);
        return e;
    }

    /// <summary>An error a result carries instead of throwing it (a board job's outcome, a query's failure).</summary>
    public static FirmwareError Is(string errorId, Exception? error)
    {
        var e = Assert.IsType<FirmwareError>(error);
        Assert.Equal(errorId, e.ErrorId);
        return e;
    }

    public static async Task<FirmwareError> ThrowsAsync(string errorId, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<FirmwareError>(action);
        Assert.Equal(errorId, e.ErrorId);
        return e;
    }
}
