using Fleet.Registry.InMemory;
using Fleet.Testing.Registry;

namespace Fleet.Registry.Embedded.Tests;

/// <summary>Runs the contract suites on an <see cref="EmbeddedRegistry"/> in a temporary data directory, with a fake clock.</summary>
internal sealed class EmbeddedRegistryHarness : FakeClockRegistryHarness
{
    private readonly TemporaryDirectory _directory = new();

    public EmbeddedRegistryHarness(InMemoryRegistryOptions? core = null)
    {
        Registry = EmbeddedRegistry.Open(
            new EmbeddedRegistryOptions { DataDirectory = _directory.Path, Core = core ?? new InMemoryRegistryOptions() },
            Time);
        Use(Registry.Units, Registry.Schedule, Registry.Machines, Registry.UnitStates, Registry.Leaders);
    }

    public EmbeddedRegistry Registry { get; }

    protected override void Compact() => Registry.Compact();

    protected override void DisposeRegistry()
    {
        Registry.Dispose();
        _directory.Dispose();
    }
}
