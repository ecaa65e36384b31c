using System.Net.Sockets;
using System.Text;

namespace Fleet.Api.Tests.Support;

/// <summary>Sends hand-written HTTP/1.1 requests (duplicate headers, unnormalised paths) that HttpClient
/// would fix up, and reads the whole response (the request asks the server to close).</summary>
internal static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body)
    {
        public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    public static async Task<Response> SendAsync(Uri baseAddress, string method, string target, IEnumerable<(string Name, string Value)> headers, string body = "")
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
        var stream = tcp.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(baseAddress.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        request.Append("Content-Length: ").Append(bytes.Length).Append("\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var parsed = head.Skip(1).Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
        return new Response(status, parsed, text[(split + 4)..]);
    }
}
