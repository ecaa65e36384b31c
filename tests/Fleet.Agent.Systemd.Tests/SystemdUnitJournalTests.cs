using Fleet.Agent.Systemd.Tests.Nspawn;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd.Tests;

[Trait("Category", "Integration")]
public sealed class SystemdUnitJournalTests(NspawnSystemd systemd) : IClassFixture<NspawnSystemd>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_UnitPrintedLines_YieldsTheLastLinesFromTheJournal()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var journal = CreateJournal();
        var name = await StartAsync(manager, "[Service]\nExecStart=/bin/sh -c 'for i in 1 2 3 4 5; do echo line-$i; done; exec sleep 300'\n");

        var lines = await PollAsync(async () => await journal.ReadAsync(name, 3, follow: false, JournalOutput.Short, Ct).ToListAsync(Ct), l => l.Any(x => x.EndsWith("line-5", StringComparison.Ordinal)));

        Assert.DoesNotContain(lines, l => l.EndsWith("line-1", StringComparison.Ordinal)); // only the last 3 lines
        Assert.Contains(lines, l => l.EndsWith("line-4", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count);
        await UnloadAsync(manager, name);
    }

    [Fact]
    public async Task ReadAsync_OutputModes_ArePassedToJournalctl()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var journal = CreateJournal();
        var name = await StartAsync(manager, "[Service]\nExecStart=/bin/sh -c 'echo alpha; echo omega; exec sleep 300'\n");
        Assert.True(JournalOutput.TryParse("verbose", out var verbose, out _));
        Assert.True(journal.SupportsOutput(verbose));

        // systemd's own entries for the unit ("Started …") may come before or after what the unit printed, so the
        // unit's lines are picked out of a longer tail instead of relying on the last two entries.
        var cat = await PollAsync(async () => await journal.ReadAsync(name, 50, follow: false, JournalOutput.Cat, Ct).ToListAsync(Ct), l => l.Contains("omega"));
        Assert.Equal(["alpha", "omega"], cat.Where(l => l.Contains("alpha", StringComparison.Ordinal) || l.Contains("omega", StringComparison.Ordinal)));
        var json = await journal.ReadAsync(name, 50, follow: false, JournalOutput.Json, Ct).ToListAsync(Ct);
        var entries = json.Select(line => System.Text.Json.JsonDocument.Parse(line)).ToList();
        try
        {
            var omega = Assert.Single(entries, e => e.RootElement.TryGetProperty("MESSAGE", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String && m.GetString() == "omega");
            Assert.Equal(name.Value, omega.RootElement.GetProperty("_SYSTEMD_UNIT").GetString());
            Assert.True(omega.RootElement.TryGetProperty("__REALTIME_TIMESTAMP", out _), omega.RootElement.GetRawText());
        }
        finally
        {
            entries.ForEach(e => e.Dispose());
        }

        var verboseLines = await journal.ReadAsync(name, 50, follow: false, verbose, Ct).ToListAsync(Ct);
        Assert.Contains(verboseLines, l => l.Trim() == "MESSAGE=omega");
        await UnloadAsync(manager, name);
    }

    [Fact]
    public async Task ReadAsync_Follow_YieldsNewLinesUntilCancelled()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var journal = CreateJournal();
        var name = await StartAsync(manager, "[Service]\nExecStart=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done'\n");
        using var follow = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        follow.CancelAfter(Deadline);
        var seen = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in journal.ReadAsync(name, 1, follow: true, JournalOutput.Short, follow.Token))
            {
                seen.Add(line);
                if (seen.Count(l => l.Contains("tick-", StringComparison.Ordinal)) >= 4)
                {
                    await follow.CancelAsync();
                }
            }
        });

        Assert.False(Ct.IsCancellationRequested);
        var ticks = seen.Where(l => l.Contains("tick-", StringComparison.Ordinal)).Select(l => int.Parse(l[(l.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(ticks.Count >= 4, string.Join('\n', seen));
        Assert.Equal(ticks.Order(), ticks); // in order, new lines arrived while following
        await UnloadAsync(manager, name);
    }

    [Fact]
    public async Task GetStatusTextAsync_RunningUnit_ShowsSystemctlStatus()
    {
        systemd.Require();
        await using var manager = CreateManager();
        var journal = CreateJournal();
        var name = await StartAsync(manager, "[Unit]\nDescription=status probe\n\n[Service]\nExecStart=/usr/bin/sleep 300\n");

        // The status ends with the unit's journal; systemd's own "Started" line is in it (what the unit itself prints
        // is covered by the ReadAsync tests).
        var text = await PollAsync(async () => await journal.GetStatusTextAsync(name, Ct), t => t.Contains($"Started {name.Value} - status probe", StringComparison.Ordinal));

        Assert.Contains($"{name} - status probe", text, StringComparison.Ordinal);
        Assert.Contains("Active: active (running)", text, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Assert.Contains("Loaded: loaded (", text, StringComparison.Ordinal);
        Assert.Contains("Main PID: ", text, StringComparison.Ordinal);
        await UnloadAsync(manager, name);
    }

    [Fact]
    public async Task GetStatusTextAsync_UnknownUnit_SaysItCouldNotBeFound()
    {
        systemd.Require();
        var journal = CreateJournal();
        var name = SystemdTestUnits.NewName();

        var text = await journal.GetStatusTextAsync(name, Ct);

        Assert.Contains($"Unit {name.Value} could not be found", text, StringComparison.Ordinal);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(Deadline.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var value = await read();
        while (!done(value) && TimeProvider.System.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Ct);
            value = await read();
        }

        Assert.True(done(value), $"condition not reached within {Deadline}; last value:\n{value}");
        return value;
    }

    private static async Task<UnitName> StartAsync(SystemdUnitManager manager, string text)
    {
        var name = SystemdTestUnits.NewName();
        await manager.LoadAsync(name, SystemdTestUnits.Unit(text), Ct);
        await manager.ReloadAsync(Ct);
        await manager.StartAsync(name, Ct);
        await SystemdTestUnits.WaitForStateAsync(manager, name, new UnitState("loaded", "active", "running"), Ct);
        return name;
    }

    private static async Task UnloadAsync(SystemdUnitManager manager, UnitName name)
    {
        await manager.UnloadAsync(name, Ct);
        await manager.ReloadAsync(Ct);
    }

    private SystemdUnitJournal CreateJournal() => new(
        Options.Create(new SystemdUnitManagerOptions { BusAddress = systemd.BusAddress, UnitsDirectory = systemd.UnitsDirectory, CommandPrefix = systemd.CommandPrefix }),
        NullLogger<SystemdUnitJournal>.Instance);

    private SystemdUnitManager CreateManager() => new(
        Options.Create(new SystemdUnitManagerOptions { BusAddress = systemd.BusAddress, UnitsDirectory = systemd.UnitsDirectory }),
        TimeProvider.System,
        NullLogger<SystemdUnitManager>.Instance);
}
