using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Fleet.Testing.Etcd;

/// <summary>A real single-member etcd (the <c>etcd</c> binary, e.g. Debian's 3.4) on free loopback ports
/// with a temporary data directory. It can be stopped (killed) and started again on the same ports and
/// data, for fault tests. Disposing kills it and deletes the data.</summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly string[] _extraArgs;
    private readonly Queue<string> _output = new();
    private Process? _process;

    /// <summary>Creates a fixture with etcd's default flags (for xunit fixtures).</summary>
    public EtcdFixture()
        : this([])
    {
    }

    private EtcdFixture(string[] extraArgs)
    {
        _extraArgs = extraArgs;
        ClientPort = FreePort();
        PeerPort = FreePort();
        DataDir = Directory.CreateTempSubdirectory("fleet-etcd-").FullName;
    }

    /// <summary>Creates a fixture with further etcd flags; <see cref="StartAsync"/> starts etcd.</summary>
    /// <param name="extraArgs">Further etcd flags, e.g. <c>--auto-compaction-retention=1</c>.</param>
    public static EtcdFixture Create(params string[] extraArgs) => new(extraArgs);

    /// <summary>The client port on 127.0.0.1.</summary>
    public int ClientPort { get; }

    /// <summary>The peer port on 127.0.0.1.</summary>
    public int PeerPort { get; }

    /// <summary>The member's data directory.</summary>
    public string DataDir { get; }

    /// <summary><c>http://127.0.0.1:&lt;client port&gt;</c>.</summary>
    public string ClientUrl => $"http://127.0.0.1:{ClientPort}";

    /// <summary>True while the etcd process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Where the etcd binary is: <c>FLEET_ETCD_BINARY</c>, <c>/usr/bin/etcd</c>, or the PATH.</summary>
    public static string? FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("FLEET_ETCD_BINARY");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        if (File.Exists("/usr/bin/etcd"))
        {
            return "/usr/bin/etcd";
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "etcd"))
            .FirstOrDefault(File.Exists);
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => await StartAsync(CancellationToken.None);

    /// <summary>Starts etcd and waits until it reports healthy.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }

        var binary = FindBinary() ?? throw new InvalidOperationException(
            "etcd is not installed: install Debian's etcd-server (apt-get install etcd-server) or set FLEET_ETCD_BINARY.");
        var peer = $"http://127.0.0.1:{PeerPort}";
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--name", "fleet-test", "--data-dir", DataDir,
            "--listen-client-urls", ClientUrl, "--advertise-client-urls", ClientUrl,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"fleet-test={peer}", "--initial-cluster-state", "new",
            "--logger", "zap", "--log-level", "warn",
        }.Concat(_extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitHealthyAsync(cancellationToken);
    }

    /// <summary>Kills etcd (SIGKILL: no graceful shutdown) and waits for it to exit. Data stays.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Reads etcd's Prometheus metrics text.</summary>
    public async Task<string> ReadMetricsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri($"{ClientUrl}/metrics"), cancellationToken);
    }

    /// <summary>The last lines etcd printed (for failure messages).</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = Stopwatch.StartNew();
        string? last = null;
        while (deadline.Elapsed < StartDeadline)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited while starting:\n{RecentOutput()}");
            }

            try
            {
                last = await http.GetStringAsync(new Uri($"{ClientUrl}/health"), cancellationToken);
                if (last.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }

        throw new TimeoutException($"etcd at {ClientUrl} was not healthy within {StartDeadline} (last answer: {last}):\n{RecentOutput()}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 50)
            {
                _output.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
