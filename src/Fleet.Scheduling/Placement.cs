using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Scheduling;

/// <summary>A unit placed on a machine, as the model currently believes it.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Machine">The machine.</param>
public readonly record struct Placement(UnitName Unit, MachineId Machine);
