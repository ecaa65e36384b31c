using Fleet.Core.Machines;

namespace Fleet.ScaleHarness;

/// <summary>A simulated machine's fixed identity.</summary>
internal sealed class StaticLocalMachine(MachineState current) : ILocalMachine
{
    public MachineState Current { get; } = current;
}
