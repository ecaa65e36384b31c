using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Fleet.Agent.Process.Definitions;
using Fleet.Agent.Process.Journal;
using Fleet.Agent.Process.Runtime;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Process;

/// <summary>The built-in unit manager where systemd is not PID 1 (laptops, CI, containers): runs
/// <c>[Service]</c> units as process groups with systemd's semantics and state words, captures their output
/// into rotated per-unit logs, and lets units outlive it (a later instance on the same directories re-adopts them).</summary>
/// <remarks>
/// Directories: unit files in <see cref="ProcessSupervisorOptions.UnitsDirectory"/>; per unit
/// <c>STATE_DIR/NAME/state.json</c> (main PID, start time, boot id) and <c>STATE_DIR/NAME/output.log*</c>.
/// The directories are read lazily on first use. Disposal follows <see cref="ProcessSupervisorOptions.ShutdownMode"/>;
/// <see cref="ShutdownAsync"/> chooses explicitly.
/// </remarks>
public sealed partial class ProcessSupervisor : IUnitManager, IUnitJournal, IAsyncDisposable, IServiceRuntimeHost
{
    private readonly ProcessSupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<UnitName, ServiceRuntime> _units = new();
    private readonly ConcurrentDictionary<UnitName, UnitHash> _reported = new();
    private readonly ConcurrentDictionary<ServiceRuntime, byte> _dirty = new();
    private readonly List<ChangeSubscriber> _subscribers = [];
    private readonly SemaphoreSlim _unitsGate = new(1, 1);
    private readonly SemaphoreSlim _diskGate = new(1, 1);
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly System.Threading.Channels.Channel<bool> _persistSignal =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _shutdown = new();
    private readonly bool _isRoot = Native.IsRoot;
    private ProcessLauncher? _launcher;
    private Task? _housekeeping;
    private Task? _persister;
    private volatile bool _initialized;
    private int _disposed;

    /// <summary>Creates the supervisor; validates the options (all problems at once).</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public ProcessSupervisor(IOptions<ProcessSupervisorOptions> options, TimeProvider time, ILogger<ProcessSupervisor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var result = new ProcessSupervisorOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProcessSupervisorOptions), result.Failures);
        }

        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    TimeProvider IServiceRuntimeHost.Time => _time;

    ProcessLauncher IServiceRuntimeHost.Launcher => _launcher!; // runtimes exist only after initialisation

    ILogger IServiceRuntimeHost.Logger => _logger;

    /// <inheritdoc />
    public async ValueTask LoadAsync(UnitName name, UnitFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await EnsureInitializedAsync(cancellationToken);
        await _unitsGate.WaitAsync(cancellationToken);
        try
        {
            var path = UnitFilePath(name);
            try
            {
                var temp = path + ".tmp";
                await File.WriteAllTextAsync(temp, file.Serialize(), cancellationToken);
                File.Move(temp, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UnitManagerException($"Could not write unit file of {name} to {path}: {e.Message}", e);
            }

            Install(name, file);
        }
        finally
        {
            _unitsGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask UnloadAsync(UnitName name, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        await _unitsGate.WaitAsync(cancellationToken);
        try
        {
            if (_units.TryGetValue(name, out var runtime))
            {
                runtime.RequestStop();
                await runtime.WaitForAsync(s => s.ActiveState is "inactive" or "failed", cancellationToken);
                _units.TryRemove(name, out _);
                _reported.TryRemove(name, out _);
                await _diskGate.WaitAsync(cancellationToken);
                try
                {
                    _dirty.TryRemove(runtime, out _);
                    DeleteDirectory(runtime.Log.Directory);
                }
                finally
                {
                    _diskGate.Release();
                }
            }

            File.Delete(UnitFilePath(name));
            Publish(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnitManagerException($"Could not remove {name}: {e.Message}", e);
        }
        finally
        {
            _unitsGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask ReloadAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        await _unitsGate.WaitAsync(cancellationToken);
        try
        {
            var files = await ReadUnitFilesAsync(cancellationToken);
            foreach (var (name, file) in files)
            {
                Install(name, file);
            }

            foreach (var (name, runtime) in _units)
            {
                if (!files.ContainsKey(name) && runtime.State.ActiveState is "inactive" or "failed")
                {
                    _units.TryRemove(name, out _);
                    Publish(name);
                }
            }
        }
        finally
        {
            _unitsGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask StartAsync(UnitName name, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        if (name.IsTemplate)
        {
            throw new UnitManagerException($"Unit {name} is a template: start an instance such as {name.Prefix}@1.{name.UnitType}");
        }

        if (!_units.TryGetValue(name, out var runtime))
        {
            throw new UnitManagerException($"Unit {name} not found.");
        }

        runtime.RequestStart();
    }

    /// <inheritdoc />
    public async ValueTask StopAsync(UnitName name, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        if (_units.TryGetValue(name, out var runtime))
        {
            runtime.RequestStop();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<UnitName, UnitHash>> ListLoadedAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        var files = await ReadUnitFilesAsync(cancellationToken);
        return files.ToDictionary(f => f.Key, f => f.Value.Hash);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<UnitName, UnitState>> GetStatesAsync(IReadOnlyCollection<UnitName> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        await EnsureInitializedAsync(cancellationToken);
        var states = new Dictionary<UnitName, UnitState>(names.Count);
        foreach (var name in names)
        {
            states[name] = _units.TryGetValue(name, out var runtime) ? runtime.State : new UnitState("not-found", "inactive", "dead");
        }

        return states;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<IReadOnlyCollection<UnitName>> WatchStateChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        var subscriber = new ChangeSubscriber();
        lock (_subscribers)
        {
            _subscribers.Add(subscriber);
        }

        try
        {
            while (true)
            {
                await subscriber.Signal.Reader.ReadAsync(cancellationToken);
                var batch = subscriber.Drain();
                if (batch.Count > 0)
                {
                    yield return batch;
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

    /// <inheritdoc />
    /// <remarks><c>short</c>, <c>cat</c> and <c>json</c>: see <see cref="JournalLineFormatter"/>.</remarks>
    public bool SupportsOutput(JournalOutput output) => JournalLineFormatter.Supports(output);

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadAsync(UnitName name, int lines, bool follow, JournalOutput output, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        JournalLineFormatter.EnsureSupported(output);
        await EnsureInitializedAsync(cancellationToken);
        if (!_units.TryGetValue(name, out var runtime))
        {
            throw new UnitManagerException($"Unit {name} not loaded: no journal.");
        }

        var hostName = Environment.MachineName;
        await foreach (var line in runtime.Log.ReadAsync(lines, follow, _time, _options.JournalFollowInterval, cancellationToken))
        {
            yield return JournalLineFormatter.Format(line, name, hostName, output);
        }
    }

    /// <inheritdoc />
    public async ValueTask<string> GetStatusTextAsync(UnitName name, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        if (!_units.TryGetValue(name, out var runtime))
        {
            return $"Unit {name} could not be found.\n";
        }

        var status = runtime.Describe();
        var lines = new List<string>();
        if (_options.StatusLogLines > 0)
        {
            await foreach (var line in runtime.Log.ReadAsync(_options.StatusLogLines, follow: false, _time, _options.JournalFollowInterval, cancellationToken))
            {
                lines.Add(line);
            }
        }

        return StatusTextFormatter.Format(status, _time.GetUtcNow(), lines);
    }

    /// <summary>Ends supervision: <see cref="SupervisorShutdownMode.Detach"/> leaves units running for the
    /// next supervisor to re-adopt; <see cref="SupervisorShutdownMode.StopUnits"/> stops them and waits.</summary>
    public async ValueTask ShutdownAsync(SupervisorShutdownMode mode, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Log.ShuttingDown(_logger, mode, _units.Count);
        if (mode == SupervisorShutdownMode.StopUnits)
        {
            foreach (var runtime in _units.Values)
            {
                runtime.RequestStop();
            }

            foreach (var runtime in _units.Values)
            {
                await runtime.WaitForAsync(s => s.ActiveState is "inactive" or "failed", cancellationToken);
            }
        }

        foreach (var runtime in _units.Values)
        {
            runtime.Detach();
        }

        await _shutdown.CancelAsync();
        await AwaitQuietlyAsync(_housekeeping);
        await AwaitQuietlyAsync(_persister);
        foreach (var runtime in _units.Values)
        {
            await PersistAsync(runtime, CancellationToken.None);
        }
    }

    /// <summary>Shuts down with <see cref="ProcessSupervisorOptions.ShutdownMode"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(_options.ShutdownMode, CancellationToken.None);
        _shutdown.Dispose();
    }

    void IServiceRuntimeHost.OnChanged(ServiceRuntime runtime)
    {
        _dirty[runtime] = 0;
        _persistSignal.Writer.TryWrite(true);
        Publish(runtime.Name);
    }

    private void Publish(UnitName name)
    {
        lock (_subscribers)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Add(name);
            }
        }
    }

    private void Install(UnitName name, UnitFile file)
    {
        var definition = ServiceDefinitionParser.Parse(name, file, _isRoot);
        if (!_reported.TryGetValue(name, out var hash) || hash != file.Hash)
        {
            _reported[name] = file.Hash;
            if (!definition.Unsupported.IsEmpty)
            {
                Log.UnsupportedDirectives(_logger, name, string.Join(", ", definition.Unsupported));
            }

            if (!definition.Errors.IsEmpty)
            {
                Log.BadSetting(_logger, name, string.Join("; ", definition.Errors));
            }
        }

        if (_units.TryGetValue(name, out var existing))
        {
            existing.UpdateDefinition(definition);
            return;
        }

        var log = new UnitLog(Path.Combine(_options.StateDirectory, name.Value), _options.LogFileSize, _options.LogFileCount);
        var runtime = new ServiceRuntime(name, definition, UnitFilePath(name), log, this);
        _units[name] = runtime;
        Publish(name);
    }

    private string UnitFilePath(UnitName name) => Path.Combine(_options.UnitsDirectory, name.Value);

    private async Task<Dictionary<UnitName, UnitFile>> ReadUnitFilesAsync(CancellationToken cancellationToken)
    {
        var files = new Dictionary<UnitName, UnitFile>();
        foreach (var path in Directory.EnumerateFiles(_options.UnitsDirectory))
        {
            if (!UnitName.TryParse(Path.GetFileName(path), out var name, out _))
            {
                continue; // temp files and foreign files are not units
            }

            try
            {
                var parsed = UnitFile.Parse(await File.ReadAllTextAsync(path, cancellationToken));
                if (parsed.File is { } file)
                {
                    files[name] = file;
                }
                else
                {
                    Log.UnitFileUnreadable(_logger, path, string.Join("; ", parsed.Errors));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.UnitFileUnreadable(_logger, path, e.Message);
            }
        }

        return files;
    }

    private async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            try
            {
                _launcher = ProcessLauncher.Create();
                Directory.CreateDirectory(_options.UnitsDirectory);
                Directory.CreateDirectory(_options.StateDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                throw new UnitManagerException($"The process supervisor cannot start: {e.Message}", e);
            }

            var adopted = 0;
            foreach (var (name, file) in await ReadUnitFilesAsync(cancellationToken))
            {
                Install(name, file);
                var runtime = _units[name];
                var saved = await ReadPersistedAsync(runtime, cancellationToken);
                if (saved is not null)
                {
                    runtime.Restore(saved);
                    adopted += runtime.State.ActiveState == "active" ? 1 : 0;
                }
            }

            _housekeeping = HousekeepAsync(_shutdown.Token);
            _persister = PersistLoopAsync(_shutdown.Token);
            _initialized = true;
            Log.Initialized(_logger, _units.Count, adopted, _options.UnitsDirectory, _options.StateDirectory);
        }
        finally
        {
            _initGate.Release();
        }
    }

    private async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HousekeepingInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var runtime in _units.Values)
            {
                try
                {
                    runtime.Poll();
                    await runtime.Log.RotateIfNeededAsync(cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log.HousekeepingFailed(_logger, runtime.Name, e);
                }
            }
        }
    }

    private async Task PersistLoopAsync(CancellationToken cancellationToken)
    {
        while (await _persistSignal.Reader.WaitToReadAsync(cancellationToken))
        {
            _persistSignal.Reader.TryRead(out _);
            foreach (var runtime in _dirty.Keys)
            {
                _dirty.TryRemove(runtime, out _);
                await PersistAsync(runtime, cancellationToken);
            }
        }
    }

    private async Task PersistAsync(ServiceRuntime runtime, CancellationToken cancellationToken)
    {
        await _diskGate.WaitAsync(cancellationToken);
        try
        {
            if (!_units.TryGetValue(runtime.Name, out var current) || !ReferenceEquals(current, runtime))
            {
                return; // unloaded meanwhile
            }

            Directory.CreateDirectory(runtime.Log.Directory);
            var path = Path.Combine(runtime.Log.Directory, "state.json");
            var temp = path + ".tmp";
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await JsonSerializer.SerializeAsync(stream, runtime.ToPersisted(), PersistedUnitStateJsonContext.Default.PersistedUnitState, cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PersistFailed(_logger, runtime.Name, e);
        }
        finally
        {
            _diskGate.Release();
        }
    }

    private async Task<PersistedUnitState?> ReadPersistedAsync(ServiceRuntime runtime, CancellationToken cancellationToken)
    {
        var path = Path.Combine(runtime.Log.Directory, "state.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            return await JsonSerializer.DeserializeAsync(stream, PersistedUnitStateJsonContext.Default.PersistedUnitState, cancellationToken);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            Log.PersistedStateUnreadable(_logger, runtime.Name, path, e);
            return null;
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static async Task AwaitQuietlyAsync(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // the shutdown token ended the loop
        }
    }
}
