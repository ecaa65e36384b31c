using Fleet.Core.Machines;

namespace Fleet.Agent.Tests.Support;

public sealed class StaticLocalMachine(MachineState current) : ILocalMachine
{
    public MachineState Current { get; set; } = current;
}
