using Fleet.Core.Machines;

namespace Fleet.Testing;

/// <summary>An <see cref="ILocalMachine"/> that never changes.</summary>
public sealed class StaticLocalMachine(MachineState current) : ILocalMachine
{
    public MachineState Current { get; } = current;
}
