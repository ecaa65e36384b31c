using System.Diagnostics;

namespace Fleet.ScaleHarness.Tests;

/// <summary><c>eng/scale-table.py</c> (the BENCHMARKS.md tables) on results written by <see cref="ScaleResult.ToJson"/>,
/// so that a renamed field breaks here and not in the next sweep.</summary>
[Trait("Category", "Unit")]
public sealed class ScaleTableScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-scale-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ScaleResult Small() => new()
    {
        Machines = 3, Units = 10, LoadAverageAtStart = "2.72 5.85 8.58", SecondsToConverge = 1.5, PlacementsPerSecond = 6.6667,
        SecondsToScheduled = 0.9, AgentsWokenPerPlacement = 1, WatchEventsPerPlacement = 2, EtcdRequestsPerPlacement = 3.1,
        ClientRequestsPerPlacement = 3.1, EtcdWritesPerPlacement = 6, EngineCpuSeconds = 0.25, EngineJitSeconds = 0.5, EngineRssMb = 65.3,
        EngineHeapMb = 6.3, EtcdCpuSeconds = 0.58, EtcdRssMb = 62.4, HarnessCpuSeconds = 0.8, IdleKeepAlivesPerMinute = 29.3,
        IdleEngineCpuSecondsPerMinute = 1.4661,
    };

    private static ScaleResult Large() => new()
    {
        Machines = 1000, Units = 10000, LoadAverageAtStart = "3.85 1.00 1.00", SecondsToConverge = 12.5, PlacementsPerSecond = 800,
        SecondsToScheduled = 10, AgentsWokenPerPlacement = 1, WatchEventsPerPlacement = 2, EtcdRequestsPerPlacement = 3.078,
        ClientRequestsPerPlacement = 3.077, EtcdWritesPerPlacement = 6, EngineCpuSeconds = 2.5, EngineJitSeconds = 0.75, EngineRssMb = 156,
        EngineHeapMb = 62, EtcdCpuSeconds = 25, EtcdRssMb = 1700, HarnessCpuSeconds = 8.4, IdleEtcdWritesPerMinute = 0.5,
        IdleWatchEventsPerMinute = 1, IdleEtcdRequestsPerMinute = 2, IdleKeepAlivesPerMinute = 2000, IdleAgentWakeUpsPerMinute = 0,
        IdleEngineCpuSecondsPerMinute = 0.2, FailoverSeconds = 7.07,
        Churn = new ChurnResult(100, 9.99, 491, 509, 100.08, 3.8058, 18.07, 43, 4.489, 4.489, 4, 2, 1, 1.08, 0.01, 2.32),
        Global = new GlobalResult(1000, 0.3, 2.03, 1.01, 1, 0.01),
        Failover = new FailoverResult(10, 6.84, 7.07, 0.74, 66.1),
        MachineLoss = new LossResult(100, 1000, 1.92, 519.6, 2.16, 1.1, 1, 0.02),
    };

    private static string Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "eng", "scale-table.py");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("eng/scale-table.py not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string[] Lines, string Err)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var python = Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
        var stdout = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (python.ExitCode, (await stdout).Split('\n'), await stderr);
    }

    private async Task WriteAsync(string file, ScaleResult result) =>
        await File.WriteAllTextAsync(Path.Combine(_dir, file), result.ToJson() + "\n", TestContext.Current.CancellationToken);

    [Fact]
    public async Task Main_TwoRuns_PrintsOneRowPerRunInEachTableSortedBySize()
    {
        await WriteAsync("scale-1000-10000.json", Large());
        await WriteAsync("scale-3-10.json", Small());

        var (exit, lines, err) = await RunAsync(_dir);

        Assert.True(exit == 0, err);
        string[] expected =
        [
            "| 3 | 10 | 2.72 | 1.5 | 7 | 0.9 | 1.000 | 2.000 | 3.100 (3.100) | 6.00 | 0.25 (0.50) | 65 (6) | 0.6 | 62 | 0.8 |",
            "| 1,000 | 10,000 | 3.85 | 12.5 | 800 | 10.0 | 1.000 | 2.000 | 3.078 (3.077) | 6.00 | 2.50 (0.75) | 156 (62) | 25.0 | 1,700 | 8.4 |",
            "| 3 | 10 | 0.0 | 0.0 | 0.0 | 29 | 0.0 | 1.47 |",
            "| 1,000 | 10,000 | 0.5 | 1.0 | 2.0 | 2,000 | 0.0 | 0.20 |",
            "| 3 | 10 | — | — / — | — | — | — | — | — | — (—) | — → — | — |",
            "| 1,000 | 10,000 | 100 | 4 / 18 | 4.49 | 2.00 | 1.00 | 1.08 | 0.3 | 7.1 (6.8) | 100 → 1,000 | 1.9 |",
        ];
        Assert.Equal(expected, lines.Where(l => l.StartsWith("| 3 |", StringComparison.Ordinal) || l.StartsWith("| 1,000 |", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("Engine-only placement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Main_PreloadRun_PrintsTheEngineOnlyTable()
    {
        await WriteAsync("scale-3-10.json", Small());
        var preload = Small();
        preload.SecondsToScheduled = 0.5;
        await WriteAsync("preload-3-10.json", preload);

        var (exit, lines, err) = await RunAsync(_dir);

        Assert.True(exit == 0, err);
        var table = lines.SkipWhile(l => !l.StartsWith("Engine-only placement", StringComparison.Ordinal)).ToList();
        Assert.Contains("| 3 | 10 | 2.72 | 0.5 | 20 | 1.5 | 7 | 0.25 (0.50) | 0.6 | 0.8 |", table);
    }

    [Fact]
    public async Task Main_NoResults_FailsNamingTheDirectory()
    {
        var (exit, _, err) = await RunAsync(_dir);

        Assert.NotEqual(0, exit);
        Assert.Equal($"scale-table: no scale-*.json files in {_dir}", err.Trim());
    }
}
