using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Systemd.ClusterTests;

/// <summary>A real single-member etcd listening on loopback and on the host's address on the test bridge, so that
/// fleetd in the containers reaches it. Disposing kills it and deletes its data.</summary>
public sealed class HostEtcd : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;

    private HostEtcd(Process process, string dataDir, string clientUrl)
    {
        _process = process;
        _dataDir = dataDir;
        ClientUrl = clientUrl;
    }

    /// <summary>The URL fleetd uses (on the bridge address).</summary>
    public string ClientUrl { get; }

    /// <summary>Starts etcd and waits until it is healthy.</summary>
    public static async Task<HostEtcd> StartAsync(IPAddress bridgeAddress)
    {
        var binary = File.Exists("/usr/bin/etcd") ? "/usr/bin/etcd" : throw new InvalidOperationException("etcd is not installed (apt-get install etcd-server).");
        var port = FreePort(bridgeAddress);
        var peerPort = FreePort(IPAddress.Loopback);
        var client = $"http://{bridgeAddress}:{port}";
        var peer = $"http://127.0.0.1:{peerPort}";
        var data = Directory.CreateTempSubdirectory("fleet-sdcluster-etcd-").FullName;
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--name", "sdcluster", "--data-dir", data, "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"sdcluster={peer}",
            "--logger", "zap", "--log-level", "warn",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start etcd");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var etcd = new HostEtcd(process, data, client);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        await Command.PollAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"etcd exited with {process.ExitCode} while starting");
                }

                try
                {
                    return await http.GetStringAsync(new Uri($"{client}/health"));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return e.Message;
                }
            },
            health => health.Contains("\"health\":\"true\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "etcd healthy");
        return etcd;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
