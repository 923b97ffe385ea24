using System.Management.Automation;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Cmdlets;

/// <summary>
/// The mapping from the project's error kinds to PowerShell's ErrorCategory. ErrorCategory is a real enum even in
/// the PowerShellStandard stub, so this pure function can be tested; the ErrorRecord it feeds cannot.
/// </summary>
public class ErrorRecordsTests
{
    [Theory]
    [InlineData(FirmwareErrorKind.InvalidArgument, ErrorCategory.InvalidArgument)]
    [InlineData(FirmwareErrorKind.InvalidData, ErrorCategory.InvalidData)]
    [InlineData(FirmwareErrorKind.NotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(FirmwareErrorKind.NotInstalled, ErrorCategory.NotInstalled)]
    [InlineData(FirmwareErrorKind.PermissionDenied, ErrorCategory.PermissionDenied)]
    [InlineData(FirmwareErrorKind.ResourceBusy, ErrorCategory.ResourceBusy)]
    [InlineData(FirmwareErrorKind.Timeout, ErrorCategory.OperationTimeout)]
    [InlineData(FirmwareErrorKind.DeviceError, ErrorCategory.DeviceError)]
    [InlineData(FirmwareErrorKind.ProtocolError, ErrorCategory.ProtocolError)]
    [InlineData(FirmwareErrorKind.ChecksumMismatch, ErrorCategory.InvalidResult)]
    [InlineData(FirmwareErrorKind.ConnectionError, ErrorCategory.ConnectionError)]
    [InlineData(FirmwareErrorKind.AlreadyExists, ErrorCategory.ResourceExists)]
    public void Each_kind_maps_to_its_category(FirmwareErrorKind kind, ErrorCategory expected) =>
        Assert.Equal(expected, ErrorRecords.CategoryOf(kind));

    [Fact]
    public void Every_kind_has_a_specific_category()
    {
        foreach (FirmwareErrorKind kind in Enum.GetValues<FirmwareErrorKind>())
        {
            Assert.NotEqual(ErrorCategory.NotSpecified, ErrorRecords.CategoryOf(kind));
        }
    }

    [Fact]
    public void Progress_text_gives_bytes_and_rate()
    {
        var progress = new OperationProgress("Write", 393216, 1441792, TimeSpan.FromSeconds(4), "0483:df11 3061B4493536");
        Assert.Equal("0483:df11 3061B4493536: 393216 of 1441792 bytes, 96 KiB/s", ProgressWriter.Describe(progress));
        Assert.Equal("5000 bytes, 4.9 KiB/s", ProgressWriter.Describe(new OperationProgress("Download", 5000, 0, TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void Progress_text_leaves_out_the_board_the_activity_names_and_counts_boards_as_boards()
    {
        // The activity reads "Write 0483:df11 3061B4493536"; the status must not name the board again (issue 16, item 6).
        var write = new OperationProgress("Write", 12288, 389632, TimeSpan.FromSeconds(1), "0483:df11 3061B4493536 at 1-1.4");
        Assert.Equal("12288 of 389632 bytes, 12 KiB/s", ProgressWriter.Describe(write, "0483:df11 3061B4493536"));

        var query = new OperationProgress("Query", 0, 1, TimeSpan.FromSeconds(1)) { Unit = "boards" };
        Assert.Equal("0 of 1 boards", ProgressWriter.Describe(query, "MicroPython boards"));
    }
}
