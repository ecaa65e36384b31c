using System.Collections.Immutable;
using System.Reflection;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Engine.Configuration;
using Fleet.Registry;
using Fleet.Registry.InMemory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Engine.Tests.Support;

/// <summary>Engines on one in-memory registry with a fake clock (leases expire only when the test advances
/// it); machines are bare presence sessions, units are written straight to the unit store.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public static readonly TimeSpan MachineTtl = TimeSpan.FromSeconds(30);
    private readonly List<EngineService> _engines = [];
    private readonly Dictionary<string, IMachineSession> _sessions = [];

    public EngineHarness()
    {
        Registry = InMemoryRegistry.Create(Time);
        Schedule = new RecordingScheduleStore(Registry.Schedule);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryRegistry Registry { get; }

    public RecordingScheduleStore Schedule { get; }

    public ListLogger<EngineService> Logger { get; } = new();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task JoinAsync(string machine, params (string Key, string Value)[] metadata)
    {
        var state = new MachineState
        {
            Id = MachineId.Parse(machine),
            Metadata = metadata.ToImmutableSortedDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
        };
        _sessions[machine] = await Registry.Machines.TryRegisterAsync(state, MachineTtl, Ct) ?? throw new InvalidOperationException($"{machine} is already present");
    }

    /// <summary>Stops the machine's keep-alives and advances the clock past its TTL: a real expiry.</summary>
    public void Expire(string machine)
    {
        var session = _sessions[machine];
        var stop = session.GetType().GetMethod("StopKeepAlive", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("the in-memory session has no StopKeepAlive any more");
        stop.Invoke(session, null);
        Time.Advance(MachineTtl + TimeSpan.FromSeconds(1));
    }

    public EngineService CreateEngine(string machine, ILeaderElection? election = null, Action<EngineOptions>? configure = null, IUnitStore? units = null, IEngineStartGate? gate = null)
    {
        var options = new EngineOptions { MinRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        var engine = new EngineService(
            election ?? Registry.Leaders, units ?? Registry.Units, Registry.Machines, Schedule,
            new StaticLocalMachine(new MachineState { Id = MachineId.Parse(machine) }), Options.Create(options), Time, Logger, gate);
        _engines.Add(engine);
        return engine;
    }

    public async Task<EngineService> StartEngineAsync(string machine, ILeaderElection? election = null, Action<EngineOptions>? configure = null)
    {
        var engine = CreateEngine(machine, election, configure);
        await engine.StartAsync(Ct);
        return engine;
    }

    public async Task<UnitFile> SubmitAsync(string name, TargetState state, UnitRequirements? requirements = null, int version = 1)
    {
        var file = UnitFile.Parse($"[Unit]\nDescription={name} v{version}\n\n[Service]\nExecStart=/bin/true\n").File!;
        await Registry.Units.PutAsync(new UnitRecord(UnitName.Parse(name), file.Hash, state, requirements ?? UnitRequirements.None), file, Ct);
        return file;
    }

    public async Task<IReadOnlyList<ScheduleEntry>> EntriesAsync() => (await Registry.Schedule.ListAsync(Ct)).Items;

    public async Task<IReadOnlyList<ScheduleEntry>> WaitForScheduleAsync(Func<IReadOnlyList<ScheduleEntry>, bool> condition, string description)
    {
        IReadOnlyList<ScheduleEntry> entries = [];
        await Eventually.UntilAsync(async () => condition(entries = await EntriesAsync()), $"the schedule to show {description}");
        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.StopAsync(CancellationToken.None);
            engine.Dispose();
        }

        Registry.Dispose();
    }
}
