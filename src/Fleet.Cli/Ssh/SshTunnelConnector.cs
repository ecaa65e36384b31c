using System.ComponentModel;
using System.Diagnostics;
using Fleet.Client;

namespace Fleet.Cli.Ssh;

/// <summary><c>--tunnel</c>: every API connection runs through an OpenSSH process on the tunnel host
/// (<c>ssh -W host:port</c> for TCP endpoints, <c>fleetctl fd-forward &lt;socket&gt;</c> there for unix sockets).</summary>
internal sealed class SshTunnelConnector(SshSettings settings, string tunnel) : IFleetConnector
{
    public ValueTask<Stream> ConnectAsync(FleetEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var args = endpoint.Kind == FleetEndpointKind.Unix
            ? SshArguments.ForUnixForward(settings, tunnel, endpoint.Path)
            : SshArguments.ForTcpForward(settings, tunnel, endpoint.Host, endpoint.Port);
        var start = new ProcessStartInfo(settings.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            var process = Process.Start(start) ?? throw new IOException($"could not start {settings.Program}");
            return ValueTask.FromResult<Stream>(new ProcessDuplexStream(process));
        }
        catch (Win32Exception ex)
        {
            throw new IOException($"could not start {settings.Program} for the tunnel through {tunnel}: {ex.Message}", ex);
        }
    }
}
