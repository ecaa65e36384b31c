using Fleet.Core.Machines;

namespace Fleet.Engine.Tests.Support;

public sealed class StaticLocalMachine(MachineState current) : ILocalMachine
{
    public MachineState Current { get; } = current;
}
