using Fleet.Registry.Etcd.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Registry.Etcd;

/// <summary>The five stores on one etcd v3 cluster, sharing one set of gRPC channels and one lease
/// keep-alive stream. Create it with <see cref="Connect"/>; dispose it on shutdown.</summary>
/// <remarks>Disposing closes the channels without revoking leases: sessions and leadership that were not
/// disposed first expire after their TTL, as after a crash.</remarks>
public sealed class EtcdRegistry : IAsyncDisposable
{
    private readonly EtcdConnection _connection;
    private readonly LeaseKeeper _keeper;

    private EtcdRegistry(EtcdConnection connection)
    {
        _connection = connection;
        var backoff = Backoff.Default;
        var watcher = new EtcdWatcher(connection, backoff);
        _keeper = new LeaseKeeper(connection, backoff);
        Units = new EtcdUnitStore(connection, watcher);
        Schedules = new EtcdScheduleStore(connection, watcher);
        Machines = new EtcdMachineStore(connection, watcher, _keeper);
        UnitStates = new EtcdUnitStateStore(connection);
        Leadership = new EtcdLeaderElection(connection, watcher, _keeper);
    }

    /// <summary>Unit records and bodies.</summary>
    public IUnitStore Units { get; }

    /// <summary>Per-machine schedules.</summary>
    public IScheduleStore Schedules { get; }

    /// <summary>Machine presence and dynamic metadata.</summary>
    public IMachineStore Machines { get; }

    /// <summary>Unit states.</summary>
    public IUnitStateStore UnitStates { get; }

    /// <summary>Engine leader election.</summary>
    public ILeaderElection Leadership { get; }

    /// <summary>The etcd endpoints, comma-separated, as used in messages.</summary>
    public string Endpoints => _connection.Endpoints;

    /// <summary>Requests sent to etcd so far, by kind (client-side counts, for measurement).</summary>
    public EtcdRequestCounts RequestCounts => _connection.Counter.Read();

    /// <summary>Keys per page when listing (default <see cref="EtcdConnection.DefaultPageSize"/>); tests lower it.</summary>
    internal int ListPageSize
    {
        get => _connection.PageSize;
        set => _connection.PageSize = value;
    }

    /// <summary>Validates <paramref name="options"/> and prepares the connection. Nothing is sent until the
    /// first request, so this does not fail when etcd is down; requests then throw
    /// <see cref="RegistryUnavailableException"/> naming the endpoints.</summary>
    /// <param name="options">Where etcd is and how to reach it.</param>
    /// <param name="time">The clock for deadlines, keep-alives and backoff.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="random">The random source for backoff jitter; a new unseeded one when null.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public static EtcdRegistry Connect(EtcdRegistryOptions options, TimeProvider time, ILoggerFactory loggerFactory, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var result = new EtcdRegistryOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EtcdRegistryOptions), result.Failures);
        }

#pragma warning disable CA5394 // jitter only, not security
        return new EtcdRegistry(new EtcdConnection(options, time, loggerFactory, random ?? new Random()));
#pragma warning restore CA5394
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _keeper.DisposeAsync();
        _connection.Dispose();
    }
}
