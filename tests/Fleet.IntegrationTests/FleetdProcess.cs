using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Fleet.IntegrationTests;

/// <summary>One real fleetd process, started from the build output with its configuration in
/// <c>FLEET_*</c> environment variables, its output kept for diagnostics.</summary>
public sealed class FleetdProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private FleetdProcess(Process process, string machineId, int port, string dataDir)
    {
        _process = process;
        MachineId = machineId;
        Port = port;
        DataDir = dataDir;
    }

    /// <summary>The machine ID given to this fleetd.</summary>
    public string MachineId { get; }

    /// <summary>The loopback TCP port its API listens on.</summary>
    public int Port { get; }

    /// <summary>Its data directory.</summary>
    public string DataDir { get; }

    /// <summary>The API endpoint for fleetctl.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Everything it printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The process ID of fleetd.</summary>
    public int Pid => _process.Id;

    /// <summary>Starts fleetd with the given options (fleet.conf names, without the FLEET_ prefix) and
    /// command-line <paramref name="arguments"/> (e.g. <c>-config PATH</c>).</summary>
    public static FleetdProcess Start(string machineId, string dataDir, IReadOnlyDictionary<string, string> options, IReadOnlyList<string>? arguments = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fleetd.dll"));
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["FLEET_MACHINE_ID"] = machineId;
        info.Environment["FLEET_API_LISTEN"] = $"http://127.0.0.1:{port}";
        info.Environment["FLEET_DATA_DIR"] = dataDir;
        info.Environment["FLEET_UNITS_DIRECTORY"] = Path.Combine(dataDir, "units");
        info.Environment["FLEET_UNIT_MANAGER"] = "process";
        info.Environment["FLEET_PUBLIC_IP"] = "127.0.0.1";
        foreach (var (key, value) in options)
        {
            info.Environment["FLEET_" + key.ToUpperInvariant()] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start fleetd");
        var fleetd = new FleetdProcess(process, machineId, port, dataDir);
        process.OutputDataReceived += (_, e) => fleetd.Append(e.Data);
        process.ErrorDataReceived += (_, e) => fleetd.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return fleetd;
    }

    /// <summary>Waits until the API accepts connections, failing with fleetd's output if it exits or the deadline passes.</summary>
    public async Task WaitForApiAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"fleetd {MachineId} exited with {_process.ExitCode} before its API came up:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"fleetd {MachineId}'s API did not come up on port {Port} within {timeout}:\n{Output}");
            }
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL (no graceful shutdown) and waits until it has exited.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Sends a signal (e.g. <c>HUP</c>) with kill(1).</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync(cancellationToken);
        Xunit.Assert.True(kill.ExitCode == 0, $"kill -{signal} {_process.Id} failed");
    }

    /// <summary>Waits until fleetd has printed <paramref name="text"/>, failing with its output after the deadline.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"fleetd {MachineId} did not print \"{text}\" within {timeout}:\n{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync(cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
