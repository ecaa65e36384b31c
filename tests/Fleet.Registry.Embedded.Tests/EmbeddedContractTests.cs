using Fleet.Registry.InMemory;
using Fleet.Testing.Registry;

namespace Fleet.Registry.Embedded.Tests;

[Trait("Category", "Unit")]
public sealed class EmbeddedUnitStoreTests : UnitStoreContractTests
{
    /// <summary>Every write is an fsync here; the embedded store lists without pages anyway.</summary>
    protected override int PagingUnitCount => 200;

    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EmbeddedRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class EmbeddedScheduleStoreTests : ScheduleStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EmbeddedRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class EmbeddedMachineStoreTests : MachineStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EmbeddedRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class EmbeddedUnitStateStoreTests : UnitStateStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EmbeddedRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class EmbeddedLeaderElectionTests : LeaderElectionContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new EmbeddedRegistryHarness());
}

/// <summary>With a small watch buffer, so that the slow-reader test goes through the overflow reset.</summary>
[Trait("Category", "Unit")]
public sealed class EmbeddedWatchTests : WatchContractTests
{
    /// <summary>Every write is an fsync here; 500 writes still overflow a 64-event buffer.</summary>
    protected override int SlowReaderWriteCount => 500;

    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() =>
        ValueTask.FromResult<IRegistryHarness>(new EmbeddedRegistryHarness(new InMemoryRegistryOptions { WatchBufferCapacity = 64 }));
}
