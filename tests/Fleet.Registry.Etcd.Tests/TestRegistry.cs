using System.Collections.Immutable;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Testing.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Registry.Etcd.Tests;

/// <summary>Helpers: a registry under a fresh key prefix, sample records, polling with a deadline.</summary>
internal static class TestRegistry
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static EtcdRegistryOptions Options(string endpoint, string? prefix = null)
    {
        var options = new EtcdRegistryOptions
        {
            EtcdKeyPrefix = prefix ?? $"/fleet-test-{Guid.NewGuid():N}/",
            EtcdRequestTimeout = TimeSpan.FromSeconds(5),
        };
        options.EtcdServers.Clear();
        options.EtcdServers.Add(endpoint);
        return options;
    }

    public static EtcdRegistry Connect(EtcdFixture etcd, string? prefix = null) =>
        EtcdRegistry.Connect(Options(etcd.ClientUrl, prefix), TimeProvider.System, NullLoggerFactory.Instance, new Random(42));

    public static UnitFile File(string description) => UnitFile.FromOptions(
    [
        new UnitOption("Unit", "Description", description),
        new UnitOption("Service", "ExecStart", "/bin/sleep 1000"),
    ]);

    public static UnitRecord Record(string name, UnitFile file, TargetState state = TargetState.Launched) =>
        new(UnitName.Parse(name), file.Hash, state, UnitRequirements.None);

    public static MachineState Machine(string id, params (string Key, string Value)[] metadata) => new()
    {
        Id = MachineId.Parse(id),
        PublicIp = "127.0.0.1",
        Metadata = metadata.ToImmutableSortedDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
        Version = "test",
    };

    public static ScheduleEntry Entry(string unit, string machine, UnitHash hash, TargetState state = TargetState.Launched) =>
        new(UnitName.Parse(unit), MachineId.Parse(machine), hash, state);

    public static CancellationToken Timeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(Deadline);
        return source.Token;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Deadline;
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"not within {Deadline}: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Reads the next watch event, failing after the deadline.</summary>
    public static async Task<T> NextAsync<T>(IAsyncEnumerator<T> watch)
    {
        var next = watch.MoveNextAsync().AsTask();
        var done = await Task.WhenAny(next, Task.Delay(Deadline, TimeProvider.System, TestContext.Current.CancellationToken));
        Assert.True(done == next, $"no watch event within {Deadline}");
        Assert.True(await next, "the watch ended");
        return watch.Current;
    }
}
