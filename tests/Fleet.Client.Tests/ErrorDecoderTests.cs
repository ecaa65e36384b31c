using Fleet.Client.Transport;

namespace Fleet.Client.Tests;

[Trait("Category", "Unit")]
public sealed class ErrorDecoderTests
{
    [Fact]
    public void Decode_FleetErrorBody_TakesCodeAndMessage()
    {
        var ex = ErrorDecoder.Decode(503, "Service Unavailable", """{"error":{"code":503,"message":"fleet server unable to communicate with etcd"}}""");

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("fleet server unable to communicate with etcd", ex.ServerMessage);
        Assert.Equal("API error 503: fleet server unable to communicate with etcd", ex.Message);
    }

    [Fact]
    public void Decode_EmptyMessage_SaysTheServerGaveNone()
    {
        var ex = ErrorDecoder.Decode(500, "Internal Server Error", """{"error":{"code":500,"message":""}}""");

        Assert.Equal("API error 500 (the server gave no message)", ex.Message);
    }

    [Fact]
    public void Decode_PlainTextBody_UsesFirstLine()
    {
        var ex = ErrorDecoder.Decode(502, "Bad Gateway", "upstream broke\nmore detail");

        Assert.Equal(502, ex.StatusCode);
        Assert.Equal("upstream broke", ex.ServerMessage);
    }

    [Fact]
    public void Decode_EmptyBody_UsesReasonPhrase()
    {
        Assert.Equal("Not Found", ErrorDecoder.Decode(404, "Not Found", string.Empty).ServerMessage);
    }
}
