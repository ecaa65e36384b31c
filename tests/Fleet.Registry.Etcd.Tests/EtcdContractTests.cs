using Fleet.Testing.Etcd;
using Fleet.Testing.Registry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Integration")]
public sealed class EtcdUnitStoreContractTests(EtcdFixture etcd) : UnitStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EtcdRegistryHarness(etcd));
}

[Trait("Category", "Integration")]
public sealed class EtcdScheduleStoreContractTests(EtcdFixture etcd) : ScheduleStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EtcdRegistryHarness(etcd));
}

[Trait("Category", "Integration")]
public sealed class EtcdMachineStoreContractTests(EtcdFixture etcd) : MachineStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EtcdRegistryHarness(etcd));
}

[Trait("Category", "Integration")]
public sealed class EtcdUnitStateStoreContractTests(EtcdFixture etcd) : UnitStateStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EtcdRegistryHarness(etcd));
}

[Trait("Category", "Integration")]
public sealed class EtcdLeaderElectionContractTests(EtcdFixture etcd) : LeaderElectionContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EtcdRegistryHarness(etcd));
}

/// <summary>On an etcd of its own: compaction would turn other tests' fresh watches into resets.</summary>
[Trait("Category", "Integration")]
public sealed class EtcdWatchContractTests(EtcdWatchContractTests.OwnEtcd etcd) : WatchContractTests, IClassFixture<EtcdWatchContractTests.OwnEtcd>
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EtcdRegistryHarness(etcd.Etcd));

    /// <summary>The class's own etcd.</summary>
    public sealed class OwnEtcd : IAsyncLifetime
    {
        public EtcdFixture Etcd { get; } = EtcdFixture.Create();

        public async ValueTask InitializeAsync() => await Etcd.StartAsync(TestContext.Current.CancellationToken);

        public ValueTask DisposeAsync() => Etcd.DisposeAsync();
    }
}
