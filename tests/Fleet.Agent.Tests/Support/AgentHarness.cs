using Fleet.Agent.Configuration;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Registry.InMemory;
using Fleet.Testing.Agent;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Tests.Support;

/// <summary>One machine's agent on an in-memory registry (behind outage-capable decorators) with a fake
/// unit manager, plus an "engine" that writes this machine's schedule under a real leadership fence.</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    public static readonly MachineId Machine = MachineId.Parse("machine-1");
    private readonly List<AgentService> _agents = [];
    private ILeadership? _leadership;

    public AgentHarness(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Registry = InMemoryRegistry.Create(Time);
        Machines = new FlakyMachineStore(Registry.Machines, Outage);
        Schedule = new FlakyScheduleStore(Registry.Schedule, Outage);
        Units = new FlakyUnitStore(Registry.Units, Outage);
        States = new FlakyUnitStateStore(Registry.UnitStates, Outage);
    }

    public TimeProvider Time { get; }

    public InMemoryRegistry Registry { get; }

    public StoreOutage Outage { get; } = new();

    public FlakyMachineStore Machines { get; }

    public FlakyScheduleStore Schedule { get; }

    public FlakyUnitStore Units { get; }

    public FlakyUnitStateStore States { get; }

    public FakeUnitManager Manager { get; } = new();

    public ListLogger<AgentService> Logger { get; } = new();

    /// <summary>This machine as every agent of the harness announces it; tests may replace its state.</summary>
    public StaticLocalMachine Local { get; } = new(new MachineState { Id = Machine, PublicIp = "127.0.0.1" });

    /// <summary>Records the availability notifications of every agent of the harness.</summary>
    public RecordingPresenceObserver Presence { get; } = new();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public AgentService CreateAgent(Action<AgentOptions>? configure = null, IUnitManager? manager = null)
    {
        var options = new AgentOptions { MinRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        var agent = new AgentService(
            Machines, Schedule, Units, States, manager ?? Manager, Local, Options.Create(options), Time, Logger, [Presence]);
        _agents.Add(agent);
        return agent;
    }

    public async Task<AgentService> StartAgentAsync(Action<AgentOptions>? configure = null, IUnitManager? manager = null)
    {
        var agent = CreateAgent(configure, manager);
        await agent.StartAsync(Ct);
        return agent;
    }

    public static UnitFile File(string name, int version = 1) =>
        UnitFile.Parse($"[Unit]\nDescription={name} v{version}\n\n[Service]\nExecStart=/bin/sleep 1000\n").File!;

    /// <summary>Stores the unit and writes this machine's schedule entry for it.</summary>
    public Task<UnitFile> ScheduleAsync(string name, TargetState state, int version = 1) =>
        ScheduleAsync(name, state, File(name, version));

    /// <summary>Stores the unit with <paramref name="file"/> and writes this machine's schedule entry for it.</summary>
    public async Task<UnitFile> ScheduleAsync(string name, TargetState state, UnitFile file)
    {
        var unit = UnitName.Parse(name);
        await Registry.Units.PutAsync(new UnitRecord(unit, file.Hash, state, UnitRequirements.None), file, Ct);
        await ApplyAsync(ScheduleWrite.Put(new ScheduleEntry(unit, Machine, file.Hash, state)));
        return file;
    }

    public async Task UnscheduleAsync(string name)
    {
        var entry = Assert.Single(await Registry.Schedule.ListUnitAsync(UnitName.Parse(name), Ct));
        await ApplyAsync(ScheduleWrite.Delete(entry));
    }

    public async Task<UnitStateRecord?> PublishedStateAsync(string name) =>
        (await Registry.UnitStates.ListUnitAsync(UnitName.Parse(name), Ct)).SingleOrDefault(s => s.Machine == Machine);

    public async Task<bool> IsPresentAsync() =>
        (await Registry.Machines.ListAsync(Ct)).Items.Any(m => m.Id == Machine);

    /// <summary>The agent's reconcile passes logged so far (from <paramref name="from"/> on): units looked at and scope.</summary>
    public IReadOnlyList<(int Units, string Scope)> Passes(int from = 0) =>
        [.. Logger.Entries.Skip(from).Where(e => e.EventId.Id == 2060).Select(e => ParsePass(e.Message))];

    public Task WaitForStateAsync(string name, Func<UnitStateRecord, bool> condition, string description) =>
        Eventually.UntilAsync(async () => await PublishedStateAsync(name) is { } state && condition(state), $"the state of {name} to show {description}");

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DetachAsync(CancellationToken.None);
            agent.Dispose();
        }

        if (_leadership is not null)
        {
            await _leadership.DisposeAsync();
        }

        Registry.Dispose();
    }

    private static (int Units, string Scope) ParsePass(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"over (\d+) unit\(s\) \((\w+)\)");
        Assert.True(match.Success, $"unexpected pass message: {message}");
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value);
    }

    private async Task ApplyAsync(ScheduleWrite write)
    {
        _leadership ??= await Registry.Leaders.CampaignAsync(MachineId.Parse("test-engine"), TimeSpan.FromMinutes(5), Ct);
        Assert.True(await Registry.Schedule.TryApplyAsync(_leadership.Fence, [write], Ct), "the test engine lost its fence");
    }
}
