using System.Globalization;

namespace Fleet.Cli.Ssh;

/// <summary>Builds OpenSSH command lines from fleetctl's SSH flags.</summary>
internal static class SshArguments
{
    /// <summary>Arguments for <c>ssh</c> to <paramref name="host"/>.</summary>
    /// <param name="settings">Global SSH settings.</param>
    /// <param name="host">Target host (IP).</param>
    /// <param name="port">Target SSH port (<c>--ssh-port</c>).</param>
    /// <param name="forwardAgent"><c>-A</c>.</param>
    /// <param name="useTunnel">Jump through <see cref="SshSettings.Tunnel"/> when set.</param>
    /// <param name="command">Remote command words (empty for an interactive shell).</param>
    public static IReadOnlyList<string> For(SshSettings settings, string host, int port, bool forwardAgent, bool useTunnel, IReadOnlyList<string> command)
    {
        var args = new List<string>();
        AddCommon(args, settings);
        if (forwardAgent)
        {
            args.Add("-A");
        }

        if (useTunnel && settings.Tunnel is { } tunnel)
        {
            var (tunnelHost, tunnelPort) = SshSettings.SplitHostPort(tunnel);
            args.Add("-J");
            args.Add(string.Create(CultureInfo.InvariantCulture, $"{settings.User}@{Bracket(tunnelHost)}:{tunnelPort}"));
        }

        args.Add("-p");
        args.Add(port.ToString(CultureInfo.InvariantCulture));
        args.Add("-l");
        args.Add(settings.User);
        args.Add(host);
        if (command.Count > 0)
        {
            args.Add("--");
            args.AddRange(command);
        }

        return args;
    }

    /// <summary>Arguments for a tunnel stream to <paramref name="targetHost"/>:<paramref name="targetPort"/>
    /// (<c>ssh -W</c>) through the tunnel host.</summary>
    public static IReadOnlyList<string> ForTcpForward(SshSettings settings, string tunnel, string targetHost, int targetPort)
    {
        var (host, port) = SshSettings.SplitHostPort(tunnel);
        var args = new List<string>();
        AddCommon(args, settings);
        args.AddRange(["-W", string.Create(CultureInfo.InvariantCulture, $"{Bracket(targetHost)}:{targetPort}")]);
        args.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture), "-l", settings.User, host]);
        return args;
    }

    /// <summary>Arguments for a tunnel stream to a unix socket on the tunnel host (runs
    /// <c>fleetctl fd-forward &lt;socket&gt;</c> there, as fleet does).</summary>
    public static IReadOnlyList<string> ForUnixForward(SshSettings settings, string tunnel, string socketPath)
    {
        var (host, port) = SshSettings.SplitHostPort(tunnel);
        var args = new List<string>();
        AddCommon(args, settings);
        args.AddRange(["-T", "-p", port.ToString(CultureInfo.InvariantCulture), "-l", settings.User, host, "--", "fleetctl", "fd-forward", socketPath]);
        return args;
    }

    private static void AddCommon(List<string> args, SshSettings settings)
    {
        args.AddRange(["-o", string.Create(CultureInfo.InvariantCulture, $"ConnectTimeout={Math.Max(1, (int)Math.Ceiling(settings.TimeoutSeconds))}")]);
        if (settings.StrictHostKeyChecking)
        {
            // fleet asks about unknown hosts and refuses changed keys: OpenSSH's "ask".
            args.AddRange(["-o", "StrictHostKeyChecking=ask", "-o", $"UserKnownHostsFile={settings.KnownHostsFile}"]);
        }
        else
        {
            args.AddRange(["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]);
        }
    }

    private static string Bracket(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
}
