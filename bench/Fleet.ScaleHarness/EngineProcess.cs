using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Fleet.ScaleHarness;

/// <summary>Parent side of an <see cref="EngineChild"/> process: start, wait for election, read its counters,
/// CPU time and memory, kill it (a crash: its lease expires by itself) or stop it (it resigns).</summary>
internal sealed class EngineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _reader;
    private readonly Lock _gate = new();
    private TaskCompletionSource<long> _elected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<EngineCounts>? _counts;

    private EngineProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _reader = Task.Run(ReadAsync);
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Completes with the Stopwatch timestamp at which the engine announced its (latest) election.</summary>
    public Task<long> Elected
    {
        get
        {
            lock (_gate)
            {
                return _elected.Task;
            }
        }
    }

    public static EngineProcess Start(string etcdUrl, string machine, string name)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable runs the harness");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        info.ArgumentList.Add("--engine-child");
        info.ArgumentList.Add(etcdUrl);
        info.ArgumentList.Add(machine);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {self}");
        return new EngineProcess(process, name);
    }

    public async Task<EngineUsage> ReadUsageAsync(CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return EngineUsage.Gone;
        }

        var reply = new TaskCompletionSource<EngineCounts>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _counts = reply;
        }

        await _process.StandardInput.WriteLineAsync("counts".AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        var counts = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60), TimeProvider.System, cancellationToken);
        _process.Refresh();
        var (rss, peak) = ReadMemory(_process.Id);
        return new EngineUsage(counts, _process.TotalProcessorTime.TotalSeconds, rss, peak, counts.JitSeconds);
    }

    /// <summary>SIGKILL: no resignation, the leader key stays until its lease expires.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await _reader;
        _process.Dispose();
    }

    private static (double RssMb, double PeakMb) ReadMemory(int pid)
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }

        return (rss, peak);

        static double Kilobytes(string line) =>
            double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                if (line == "leader")
                {
                    if (_elected.Task.IsCompleted)
                    {
                        _elected = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    _elected.SetResult(Stopwatch.GetTimestamp());
                }
                else if (line.StartsWith("counts ", StringComparison.Ordinal) && _counts is { } pending)
                {
                    pending.TrySetResult(JsonSerializer.Deserialize<EngineCounts>(line["counts ".Length..]) ?? EngineCounts.Zero);
                    _counts = null;
                }
            }
        }
    }
}
