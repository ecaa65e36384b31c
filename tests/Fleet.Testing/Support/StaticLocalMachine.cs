using Fleet.Core.Machines;

namespace Fleet.Testing;

/// <summary>An <see cref="ILocalMachine"/> whose state only the test changes.</summary>
public sealed class StaticLocalMachine(MachineState current) : ILocalMachine
{
    public MachineState Current { get; set; } = current;
}
