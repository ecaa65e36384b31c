using System.CommandLine;
using System.Net.Sockets;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Commands;

/// <summary><c>fd-forward SOCKET</c>: proxies standard input and output to a unix socket (the far end of
/// <c>--tunnel</c> with a unix endpoint).</summary>
internal sealed class FdForwardCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _socket = new("SOCKET") { Arity = ArgumentArity.ZeroOrMore };

    protected override bool NeedsClient => false;

    protected override Command Create() => new("fd-forward", "Proxy stdin and stdout to a unix domain socket") { _socket };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = parse.GetValue(_socket) ?? [];
        if (args.Length != 1)
        {
            throw new CommandFailedException("Provide a single argument");
        }

        var input = Context.Console.In ?? throw new CommandFailedException("no standard input to forward");
        var output = Context.Console.RawOut ?? throw new CommandFailedException("no standard output to forward to");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(args[0]), cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new CommandFailedException($"Unable to connect to {args[0]}: {ex.Message}");
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var upstream = CopyThenShutdownAsync(input, stream, socket, cancellationToken);
        await stream.CopyToAsync(output, cancellationToken);
        await output.FlushAsync(cancellationToken);
        _ = upstream;
        return 0;
    }

    private static async Task CopyThenShutdownAsync(Stream from, Stream to, Socket socket, CancellationToken cancellationToken)
    {
        await from.CopyToAsync(to, cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
    }
}
