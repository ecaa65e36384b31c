using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Agent.Process.Tests;

/// <summary>A supervisor on temp directories, with helpers that await state changes (no sleeping).</summary>
internal sealed class SupervisorHarness : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly bool _ownsRoot;

    public SupervisorHarness(string? root = null, Action<ProcessSupervisorOptions>? configure = null)
    {
        _ownsRoot = root is null;
        Root = root ?? Directory.CreateTempSubdirectory("fleet-process-").FullName;
        Options = new ProcessSupervisorOptions
        {
            UnitsDirectory = Path.Combine(Root, "units"),
            StateDirectory = Path.Combine(Root, "state"),
            HousekeepingInterval = TimeSpan.FromMilliseconds(100),
            JournalFollowInterval = TimeSpan.FromMilliseconds(50),
            ShutdownMode = SupervisorShutdownMode.StopUnits,
        };
        configure?.Invoke(Options);
        Supervisor = new ProcessSupervisor(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, NullLogger<ProcessSupervisor>.Instance);
    }

    public string Root { get; }

    public ProcessSupervisorOptions Options { get; }

    public ProcessSupervisor Supervisor { get; }

    public static UnitFile Unit(string text)
    {
        var parsed = UnitFile.Parse(text);
        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        return parsed.File!;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public async Task<UnitName> LoadAsync(string name, string text)
    {
        var unit = UnitName.Parse(name);
        await Supervisor.LoadAsync(unit, Unit(text), TestContext.Current.CancellationToken);
        return unit;
    }

    public async Task<UnitState> StateAsync(UnitName name) =>
        (await Supervisor.GetStatesAsync([name], TestContext.Current.CancellationToken))[name];

    /// <summary>Awaits a state matching <paramref name="predicate"/>, re-reading on every pushed change.</summary>
    public async Task<UnitState> WaitForAsync(UnitName name, Func<UnitState, bool> predicate, string what, TimeSpan? deadline = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(deadline ?? Deadline);
        var changes = Supervisor.WatchStateChangesAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = changes.MoveNextAsync(); // subscribes before the first read, so no change is missed
        var state = await StateAsync(name);
        try
        {
            while (!predicate(state))
            {
                await next;
                next = changes.MoveNextAsync();
                state = await StateAsync(name);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            var status = await Supervisor.GetStatusTextAsync(name, TestContext.Current.CancellationToken);
            Assert.Fail($"{name} did not become {what} within {deadline ?? Deadline}; last state {state}.\n{status}");
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNextAsync is pending: cancel it first.
            await cts.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }

            await changes.DisposeAsync();
        }

        return state;
    }

    public Task<UnitState> WaitForAsync(UnitName name, string active, string sub, TimeSpan? deadline = null) =>
        WaitForAsync(name, s => s.ActiveState == active && s.SubState == sub, $"{active}/{sub}", deadline);

    /// <summary>Awaits a line in the unit's journal matching <paramref name="predicate"/> (follows the log).</summary>
    public async Task<List<string>> WaitForOutputAsync(UnitName name, Func<List<string>, bool> predicate, string what)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Deadline);
        var lines = new List<string>();
        try
        {
            await foreach (var line in Supervisor.ReadAsync(name, int.MaxValue, follow: true, JournalOutput.Short, cts.Token))
            {
                lines.Add(line);
                if (predicate(lines))
                {
                    return lines;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        Assert.Fail($"{name} did not print {what} within {Deadline}; printed: [{string.Join(" | ", lines)}]");
        return lines;
    }

    public async Task<List<string>> JournalAsync(UnitName name, int lines = int.MaxValue, JournalOutput output = default)
    {
        var result = new List<string>();
        await foreach (var line in Supervisor.ReadAsync(name, lines, follow: false, output, TestContext.Current.CancellationToken))
        {
            result.Add(line);
        }

        return result;
    }

    /// <summary>Awaits a file to exist (written by a unit's process), checking at each state change or
    /// every 50 ms of the deadline.</summary>
    public static async Task WaitForFileAsync(string path, Func<string, bool>? predicate = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Deadline);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!(File.Exists(path) && (predicate?.Invoke(await File.ReadAllTextAsync(path, cts.Token)) ?? true)))
        {
            try
            {
                await timer.WaitForNextTickAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"{path} did not appear (with the expected content) within {Deadline}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Supervisor.ShutdownAsync(SupervisorShutdownMode.StopUnits, TestContext.Current.CancellationToken);
        }
        finally
        {
            if (_ownsRoot)
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
