using Fleet.Registry.InMemory;
using Fleet.Testing.Registry;

namespace Fleet.Registry.Tests;

/// <summary>Runs the contract suites on an <see cref="InMemoryRegistry"/> with a fake clock.</summary>
internal sealed class InMemoryRegistryHarness : FakeClockRegistryHarness
{
    public InMemoryRegistryHarness(InMemoryRegistryOptions? options = null)
    {
        Registry = InMemoryRegistry.Create(Time, options);
        Use(Registry.Units, Registry.Schedule, Registry.Machines, Registry.UnitStates, Registry.Leaders);
    }

    public InMemoryRegistry Registry { get; }

    protected override void Compact() => Registry.Compact();

    protected override void DisposeRegistry() => Registry.Dispose();
}
