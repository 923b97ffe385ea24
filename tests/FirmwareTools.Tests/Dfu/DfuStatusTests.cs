using FirmwareTools.Protocols.Dfu;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

public class DfuStatusTests
{
    [Theory]
    [InlineData(new byte[] { 0x00, 0x64, 0x00, 0x00, 0x04, 0x00 }, DfuStatusCode.OK, 100u, DfuState.dfuDNBUSY)]
    [InlineData(new byte[] { 0x00, 0x68, 0x00, 0x00, 0x04, 0x00 }, DfuStatusCode.OK, 104u, DfuState.dfuDNBUSY)]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x05, 0x00 }, DfuStatusCode.OK, 0u, DfuState.dfuDNLOAD_IDLE)]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x02, 0x00 }, DfuStatusCode.OK, 0u, DfuState.dfuIDLE)]
    [InlineData(new byte[] { 0x0A, 0x00, 0x00, 0x00, 0x0A, 0x00 }, DfuStatusCode.errFIRMWARE, 0u, DfuState.dfuERROR)]
    [InlineData(new byte[] { 0x0B, 0x00, 0x00, 0x00, 0x0A, 0x00 }, DfuStatusCode.errVENDOR, 0u, DfuState.dfuERROR)]
    [InlineData(new byte[] { 0x01, 0x00, 0x00, 0x00, 0x0A, 0x00 }, DfuStatusCode.errTARGET, 0u, DfuState.dfuERROR)]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x07, 0x00 }, DfuStatusCode.OK, 0u, DfuState.dfuMANIFEST)]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0x04, 0x00 }, DfuStatusCode.OK, 0x030201u, DfuState.dfuDNBUSY)]
    public void Protocol_note_examples_decode_byte_exact(byte[] bytes, DfuStatusCode status, uint pollTimeout, DfuState state)
    {
        DfuStatus parsed = DfuStatus.Parse(bytes);
        Assert.Equal(status, parsed.Status);
        Assert.Equal(pollTimeout, parsed.PollTimeout);
        Assert.Equal(state, parsed.State);
        Assert.Equal(0, parsed.StringIndex);
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    public void Poll_timeout_is_little_endian_24_bit_and_iString_is_kept()
    {
        DfuStatus parsed = DfuStatus.Parse(new byte[] { 0x0E, 0xFF, 0xFF, 0xFF, 0x0A, 0x07 });
        Assert.Equal(0xFFFFFFu, parsed.PollTimeout);
        Assert.Equal((byte)7, parsed.StringIndex);
        Assert.Equal(DfuStatusCode.errUNKNOWN, parsed.Status);
    }

    [Fact]
    public void A_short_reply_is_a_protocol_error()
    {
        var e = Assert.Throws<DfuProtocolException>(() => DfuStatus.Parse(new byte[] { 0, 0, 0 }, 0, 3));
        Assert.Equal("DfuShortStatus", e.ErrorId);
    }

    [Theory]
    [InlineData(DfuStatusCode.errTARGET, "DfuErrTarget")]
    [InlineData(DfuStatusCode.errVENDOR, "DfuReadProtected")]
    [InlineData(DfuStatusCode.errCHECK_ERASED, "DfuErrCheckErased")]
    [InlineData(DfuStatusCode.errSTALLEDPKT, "DfuErrStalledPkt")]
    [InlineData(DfuStatusCode.errNOTDONE, "DfuErrNotDone")]
    [InlineData(DfuStatusCode.OK, "DfuStatus00")]
    [InlineData(DfuStatusCode.errWRITE, "DfuErrWrite")]
    public void Error_ids_come_from_the_status_name(DfuStatusCode code, string errorId) =>
        Assert.Equal(errorId, DfuErrors.ForStatus(code).Id);

    [Fact]
    public void Request_codes_are_the_spec_values()
    {
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 6 }, new[]
        {
            DfuRequest.DFU_DETACH, DfuRequest.DFU_DNLOAD, DfuRequest.DFU_UPLOAD, DfuRequest.DFU_GETSTATUS,
            DfuRequest.DFU_CLRSTATUS, DfuRequest.DFU_GETSTATE, DfuRequest.DFU_ABORT,
        });
        Assert.Equal(new byte[] { 0x21, 0x00, 0x00, 0x02, 0x08 }, DfuSeCommand.SetAddressPayload(0x08020000));
    }
}
