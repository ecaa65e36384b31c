using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Fleet.DBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd;

/// <summary>The unit manager where systemd is PID 1: writes unit files into the units directory and drives
/// systemd over D-Bus (<c>org.freedesktop.systemd1.Manager</c>) as coreos/fleet did.</summary>
/// <remarks>
/// Load = write file, <c>LinkUnitFiles([path], runtime, force)</c>, and <c>EnableUnitFiles</c> when the unit has an
/// <c>[Install]</c> section; unload = <c>StopUnit</c>, <c>DisableUnitFiles</c>, <c>ResetFailedUnit</c>, remove the file.
/// States come from one <c>ListUnitsByNames</c> call. Changes come from <c>PropertiesChanged</c> signals (Unit interface
/// only), with one match rule per unit of the units directory (after <c>Subscribe</c>), or, past
/// <see cref="SystemdUnitManagerOptions.MaxUnitMatchRules"/> units, one rule for all units' changes filtered by path here. One bus connection is shared and re-opened
/// when it drops; a watcher reconnects with exponential backoff and then reports every unit as changed.
/// </remarks>
public sealed partial class SystemdUnitManager : IUnitManager, IAsyncDisposable
{
    private const string Systemd = "org.freedesktop.systemd1";
    private const string ManagerPath = "/org/freedesktop/systemd1";
    private const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    private readonly SystemdUnitManagerOptions _options;
    private readonly string _address;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _trackGate = new(1, 1);
    private readonly ConcurrentDictionary<string, UnitName> _tracked = new(StringComparer.Ordinal);
    private readonly List<UnitChangeSubscriber> _subscribers = [];
    private readonly PendingJobs _jobs;
    private DBusConnection? _bus;
    private bool _trackedRead;
    private long _signalsReceived;
    private long _reloads;
    private int _reloadNeeded = 1;
    private DBusConnection? _namespaceRuleBus;
    private int _disposed;

    /// <summary>Creates the manager; validates the options (all problems at once). Connects lazily.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public SystemdUnitManager(IOptions<SystemdUnitManagerOptions> options, TimeProvider time, ILogger<SystemdUnitManager> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var result = new SystemdUnitManagerOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SystemdUnitManagerOptions), result.Failures);
        }

        _options = options.Value;
        _address = _options.ResolveBusAddress();
        _jobs = new PendingJobs(_options.MaxPendingJobs);
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask LoadAsync(UnitName name, UnitFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = UnitFilePath(name);
        var text = file.Serialize();
        try
        {
            Directory.CreateDirectory(_options.UnitsDirectory);
            if (!File.Exists(path) || await File.ReadAllTextAsync(path, cancellationToken) != text)
            {
                var temp = path + ".tmp";
                await File.WriteAllTextAsync(temp, text, cancellationToken);
                File.Move(temp, path, overwrite: true);
                NeedReload();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnitManagerException($"Cannot write the unit file of {name} to '{path}': {e.Message}", e);
        }

        await TrackAsync(name, cancellationToken);
        var linked = await CallAsync(name, "link", "LinkUnitFiles", "asbb", cancellationToken, new[] { path }, true, true);
        NeedReloadIfChanged(linked.Body[0]);
        if (file.Options.Any(o => o.Section == "Install"))
        {
            var enabled = await CallAsync(name, "enable", "EnableUnitFiles", "asbb", cancellationToken, new[] { path }, true, true);
            NeedReloadIfChanged(enabled.Body[1]);
        }
    }

    /// <inheritdoc />
    public async ValueTask UnloadAsync(UnitName name, CancellationToken cancellationToken)
    {
        var template = name.Value.Contains("@.", StringComparison.Ordinal); // a template has no state to stop or reset
        if (!template)
        {
            await _jobs.EnterAsync(name.Value, cancellationToken);
            try
            {
                if (!await CallIgnoringAsync(name, "stop", "StopUnit", "ss", cancellationToken, name.Value, "replace"))
                {
                    _jobs.Failed(name.Value); // no such unit: no job
                }
            }
            catch
            {
                _jobs.Failed(name.Value);
                throw;
            }
        }

        await CallIgnoringAsync(name, "disable", "DisableUnitFiles", "asb", cancellationToken, new[] { name.Value }, true);
        if (!template)
        {
            await CallIgnoringAsync(name, "reset-failed", "ResetFailedUnit", "s", cancellationToken, name.Value);
        }

        NeedReload(); // the unit file (or its links) may be gone; a reload is cheap next to a stale unit
        try
        {
            File.Delete(UnitFilePath(name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnitManagerException($"Cannot remove the unit file of {name}: {e.Message}", e);
        }

        await UntrackAsync(name, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Skipped when no unit file, link or enablement changed since the last reload (the first reload
    /// of a manager always runs: the files may have changed while no manager watched).</remarks>
    public async ValueTask ReloadAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reloadNeeded, 0) == 0)
        {
            return;
        }

        try
        {
            await CallAsync(null, "daemon-reload", "Reload", string.Empty, cancellationToken);
            Interlocked.Increment(ref _reloads);
        }
        catch
        {
            NeedReload();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Waits while <see cref="SystemdUnitManagerOptions.MaxPendingJobs"/> jobs are queued and unfinished.</remarks>
    public async ValueTask StartAsync(UnitName name, CancellationToken cancellationToken) =>
        await QueueJobAsync(name, "start", "StartUnit", cancellationToken);

    /// <inheritdoc />
    /// <remarks>Waits while <see cref="SystemdUnitManagerOptions.MaxPendingJobs"/> jobs are queued and unfinished.</remarks>
    public async ValueTask StopAsync(UnitName name, CancellationToken cancellationToken) =>
        await QueueJobAsync(name, "stop", "StopUnit", cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<UnitName, UnitHash>> ListLoadedAsync(CancellationToken cancellationToken)
    {
        var loaded = new Dictionary<UnitName, UnitHash>();
        foreach (var (name, path) in UnitFilesOnDisk())
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (FileNotFoundException)
            {
                continue; // removed concurrently
            }

            var parsed = UnitFile.Parse(text);
            if (parsed.File is null)
            {
                LogBadUnitFile(path, string.Join("; ", parsed.Errors));
                continue;
            }

            loaded[name] = parsed.File.Hash;
        }

        return loaded;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<UnitName, UnitState>> GetStatesAsync(IReadOnlyCollection<UnitName> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var states = new Dictionary<UnitName, UnitState>(names.Count);
        if (names.Count == 0)
        {
            return states;
        }

        var reply = await CallAsync(null, "list units", "ListUnitsByNames", "as", cancellationToken, new object[] { names.Select(n => n.Value).ToArray() });
        var byName = names.ToDictionary(n => n.Value, StringComparer.Ordinal);
        foreach (object[] unit in (object[])reply.Body[0])
        {
            if (byName.TryGetValue((string)unit[0], out var name))
            {
                states[name] = new UnitState((string)unit[2], (string)unit[3], (string)unit[4]);
            }
        }

        foreach (var name in names)
        {
            states.TryAdd(name, new UnitState("not-found", "inactive", "dead"));
        }

        return states;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<IReadOnlyCollection<UnitName>> WatchStateChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscriber = new UnitChangeSubscriber();
        lock (_subscribers)
        {
            _subscribers.Add(subscriber);
        }

        try
        {
            var failures = 0;
            DBusConnection? seen = null;
            while (true)
            {
                DBusConnection bus;
                try
                {
                    bus = await GetBusAsync(cancellationToken);
                    failures = 0;
                }
                catch (UnitManagerException e)
                {
                    var delay = Backoff(failures++);
                    LogReconnectFailed(_address, delay, e);
                    await Task.Delay(delay, _time, cancellationToken);
                    continue;
                }

                if (!ReferenceEquals(bus, seen))
                {
                    seen = bus;
                    subscriber.Add(_tracked.Values); // (re)connected: everything may have changed meanwhile
                }

                var wake = subscriber.Signal.Reader.WaitToReadAsync(cancellationToken).AsTask();
                await Task.WhenAny(wake, bus.Completion);
                if (wake.IsCompleted)
                {
                    await wake; // surfaces cancellation
                    subscriber.Signal.Reader.TryRead(out _);
                    var batch = subscriber.Drain();
                    if (batch.Count > 0)
                    {
                        yield return batch;
                    }
                }
            }
        }
        finally
        {
            lock (_subscribers)
            {
                _subscribers.Remove(subscriber);
            }
        }
    }

    /// <summary>Gets how many daemon-reloads this manager asked systemd for.</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Gets how many start/stop jobs are queued in systemd and not finished yet.</summary>
    public int PendingJobs => _jobs.Count;

    /// <summary>Gets how many D-Bus signals the manager's connections have received (for measurements).</summary>
    public long SignalsReceived => Interlocked.Read(ref _signalsReceived);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }

        _jobs.Dispose();
    }

    private const string JobRemovedRule =
        $"type='signal',sender='{Systemd}',path='{ManagerPath}',interface='{ManagerInterface}',member='JobRemoved'";

    private const string SystemdOwnerRule =
        $"type='signal',sender='{DBusConnection.BusName}',path='/org/freedesktop/DBus',interface='{DBusConnection.BusName}',member='NameOwnerChanged',arg0='{Systemd}'";

    // Only the Unit interface's PropertiesChanged (ActiveState, SubState, LoadState); systemd sends a second one per
    // change for the type's interface (Service, Socket, ...), which fleet does not need.
    private const string UnitsNamespaceRule =
        $"type='signal',sender='{Systemd}',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path_namespace='/org/freedesktop/systemd1/unit',arg0='org.freedesktop.systemd1.Unit'";

    private static string MatchRule(string unit) =>
        $"type='signal',sender='{Systemd}',path='{SystemdObjectPath.ForUnit(unit)}',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',arg0='org.freedesktop.systemd1.Unit'";

    private bool UsesNamespaceRule(DBusConnection bus) => ReferenceEquals(Volatile.Read(ref _namespaceRuleBus), bus);

    private TimeSpan Backoff(int failures)
    {
        var ticks = _options.ReconnectMinDelay.Ticks * Math.Pow(2, Math.Min(failures, 30));
        return TimeSpan.FromTicks((long)Math.Min(ticks, _options.ReconnectMaxDelay.Ticks));
    }

    private string UnitFilePath(UnitName name) => Path.Combine(_options.UnitsDirectory, name.Value);

    private IEnumerable<(UnitName Name, string Path)> UnitFilesOnDisk()
    {
        if (!Directory.Exists(_options.UnitsDirectory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(_options.UnitsDirectory))
        {
            if (UnitName.TryParse(Path.GetFileName(path), out var name, out _))
            {
                yield return (name, path);
            }
        }
    }

    private void OnSignal(DBusMessage signal)
    {
        Interlocked.Increment(ref _signalsReceived);
        if (signal is { Member: "NameOwnerChanged", Interface: DBusConnection.BusName, Body: [Systemd, string, string newOwner] })
        {
            if (newOwner.Length > 0)
            {
                // systemd re-executed (daemon-reexec) or re-joined the bus: subscribe again and re-read everything.
                LogSystemdReappeared(newOwner);
                _ = ResubscribeAsync();
                Notify(_tracked.Values);
            }

            return;
        }

        if (signal is { Member: "JobRemoved", Interface: ManagerInterface, Body: [_, _, string unit, _] })
        {
            _jobs.Removed(unit);
            return;
        }

        if (signal.Member != "PropertiesChanged" || signal.Path is null || !_tracked.TryGetValue(signal.Path, out var name))
        {
            return;
        }

        Notify([name]);
    }

    private void Notify(IEnumerable<UnitName> names)
    {
        var batch = names as IReadOnlyCollection<UnitName> ?? names.ToArray();
        lock (_subscribers)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Add(batch);
            }
        }
    }

    private async Task ResubscribeAsync()
    {
        var bus = _bus;
        if (bus is null)
        {
            return;
        }

        try
        {
            await bus.CallAsync(DBusMessage.MethodCall(Systemd, ManagerPath, ManagerInterface, "Subscribe"), CancellationToken.None);
        }
        catch (DBusErrorException e) when (e.ErrorName == "org.freedesktop.systemd1.AlreadySubscribed")
        {
            // systemd kept the subscription across the re-execution
        }
        catch (Exception e) when (e is DBusErrorException or DBusConnectionClosedException or DBusProtocolException)
        {
            // The connection is closing or systemd went away again; drop the connection so that the watcher
            // reconnects (with backoff) and subscribes from scratch.
            LogResubscribeFailed(e);
            await bus.DisposeAsync();
        }
    }

    private async Task TrackAsync(UnitName name, CancellationToken cancellationToken)
    {
        var path = SystemdObjectPath.ForUnit(name.Value);
        if (!_tracked.TryAdd(path, name))
        {
            return;
        }

        var bus = _bus;
        if (bus is { IsConnected: true } && !UsesNamespaceRule(bus))
        {
            if (_tracked.Count > _options.MaxUnitMatchRules)
            {
                // Past the per-connection match rule budget (dbus-daemon's system bus allows 512): one rule for
                // every unit's changes, filtered here by object path.
                await Guard(name, "watch", () => bus.AddMatchAsync(UnitsNamespaceRule, cancellationToken));
                Volatile.Write(ref _namespaceRuleBus, bus);
            }
            else
            {
                await Guard(name, "watch", () => bus.AddMatchAsync(MatchRule(name.Value), cancellationToken));
            }
        }
    }

    private async Task UntrackAsync(UnitName name, CancellationToken cancellationToken)
    {
        if (!_tracked.TryRemove(SystemdObjectPath.ForUnit(name.Value), out _))
        {
            return;
        }

        var bus = _bus;
        if (bus is { IsConnected: true } && !UsesNamespaceRule(bus))
        {
            await Guard(name, "unwatch", () => bus.RemoveMatchAsync(MatchRule(name.Value), cancellationToken));
        }
    }

    private async Task<DBusConnection> GetBusAsync(CancellationToken cancellationToken)
    {
        var current = _bus;
        if (current is { IsConnected: true })
        {
            return current;
        }

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_bus is { IsConnected: true })
            {
                return _bus;
            }

            if (_bus is not null)
            {
                await _bus.DisposeAsync();
                _bus = null;
            }

            await ReadTrackedAsync(cancellationToken);
            DBusConnection? bus = null;
            try
            {
                bus = await DBusConnection.ConnectAsync(_address, OnSignal, cancellationToken);
                await bus.AddMatchAsync(SystemdOwnerRule, cancellationToken);
                await bus.AddMatchAsync(JobRemovedRule, cancellationToken);
                await bus.CallAsync(DBusMessage.MethodCall(Systemd, ManagerPath, ManagerInterface, "Subscribe"), cancellationToken);
                if (_tracked.Count > _options.MaxUnitMatchRules)
                {
                    await bus.AddMatchAsync(UnitsNamespaceRule, cancellationToken);
                    Volatile.Write(ref _namespaceRuleBus, bus);
                }
                else
                {
                    foreach (var unit in _tracked.Values)
                    {
                        await bus.AddMatchAsync(MatchRule(unit.Value), cancellationToken);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or IOException or DBusProtocolException or DBusErrorException or DBusConnectionClosedException or ArgumentException)
            {
                if (bus is not null)
                {
                    await bus.DisposeAsync();
                }

                throw new UnitManagerException($"Cannot connect to systemd over D-Bus at '{_address}': {e.Message}", e);
            }

            LogConnected(_address, bus.UniqueName);
            _jobs.Reset(); // jobs queued over the old connection are no longer tracked for it
            _bus = bus;
            return bus;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task ReadTrackedAsync(CancellationToken cancellationToken)
    {
        await _trackGate.WaitAsync(cancellationToken);
        try
        {
            if (!_trackedRead)
            {
                foreach (var (name, _) in UnitFilesOnDisk())
                {
                    _tracked.TryAdd(SystemdObjectPath.ForUnit(name.Value), name);
                }

                _trackedRead = true;
            }
        }
        finally
        {
            _trackGate.Release();
        }
    }

    private async Task<DBusMessage> CallAsync(UnitName? unit, string action, string member, string signature, CancellationToken cancellationToken, params object[] body)
    {
        LogAction(action, unit?.Value ?? string.Empty);
        var bus = await GetBusAsync(cancellationToken);
        DBusMessage? reply = null;
        await Guard(unit, action, async () => reply = await bus.CallAsync(DBusMessage.MethodCall(Systemd, ManagerPath, ManagerInterface, member, signature, body), cancellationToken));
        return reply!;
    }

    private async Task QueueJobAsync(UnitName name, string action, string member, CancellationToken cancellationToken)
    {
        await _jobs.EnterAsync(name.Value, cancellationToken);
        try
        {
            await CallAsync(name, action, member, "ss", cancellationToken, name.Value, "replace");
        }
        catch
        {
            _jobs.Failed(name.Value);
            throw;
        }
    }

    private void NeedReload() => Volatile.Write(ref _reloadNeeded, 1);

    private void NeedReloadIfChanged(object changes)
    {
        if (changes is object[] { Length: > 0 })
        {
            NeedReload();
        }
    }

    /// <returns>False when systemd had nothing to act on.</returns>
    private async Task<bool> CallIgnoringAsync(UnitName unit, string action, string member, string signature, CancellationToken cancellationToken, params object[] body)
    {
        try
        {
            await CallAsync(unit, action, member, signature, cancellationToken, body);
            return true;
        }
        catch (UnitManagerException e) when (e.InnerException is DBusErrorException { ErrorName: "org.freedesktop.systemd1.NoSuchUnit" or "org.freedesktop.systemd1.LoadFailed" or "org.freedesktop.DBus.Error.FileNotFound" })
        {
            // Nothing to stop, disable or reset: unloading is idempotent.
            return false;
        }
    }

    private static async Task Guard(UnitName? unit, string action, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is DBusErrorException or DBusConnectionClosedException or DBusProtocolException)
        {
            var what = unit is null ? action : $"{action} {unit}";
            throw new UnitManagerException($"systemd could not {what}: {e.Message}", e);
        }
    }
}
