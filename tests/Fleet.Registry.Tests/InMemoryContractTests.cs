using Fleet.Registry.InMemory;
using Fleet.Testing.Registry;

namespace Fleet.Registry.Tests;

[Trait("Category", "Unit")]
public sealed class InMemoryUnitStoreTests : UnitStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new InMemoryRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class InMemoryScheduleStoreTests : ScheduleStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new InMemoryRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class InMemoryMachineStoreTests : MachineStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new InMemoryRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class InMemoryUnitStateStoreTests : UnitStateStoreContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new InMemoryRegistryHarness());
}

[Trait("Category", "Unit")]
public sealed class InMemoryLeaderElectionTests : LeaderElectionContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() => ValueTask.FromResult<IRegistryHarness>(new InMemoryRegistryHarness());
}

/// <summary>With a small watch buffer, so that the slow-reader test goes through the overflow reset.</summary>
[Trait("Category", "Unit")]
public sealed class InMemoryWatchTests : WatchContractTests
{
    protected override ValueTask<IRegistryHarness> CreateHarnessAsync() =>
        ValueTask.FromResult<IRegistryHarness>(new InMemoryRegistryHarness(new InMemoryRegistryOptions { WatchBufferCapacity = 64 }));
}
