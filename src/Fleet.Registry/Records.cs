using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Registry;

/// <summary>A unit's desired state: what the user submitted and asked for.</summary>
/// <param name="Name">The unit's name.</param>
/// <param name="Hash">Hash of the unit file body, stored content-addressed (see <see cref="IUnitStore.GetFileAsync"/>).</param>
/// <param name="TargetState">The desired state (fleet's <c>desiredState</c>).</param>
/// <param name="Requirements">The parsed <c>[X-Fleet]</c> requirements, stored with the record so that the
/// engine never has to read unit file bodies.</param>
public sealed record UnitRecord(UnitName Name, UnitHash Hash, TargetState TargetState, UnitRequirements Requirements);

/// <summary>One placement written by the engine: <paramref name="Machine"/> should hold <paramref name="Unit"/>
/// at <paramref name="Hash"/> in <paramref name="TargetState"/> (never <see cref="TargetState.Inactive"/>).</summary>
/// <remarks>Global units get one entry per machine that should run them. Carrying the hash and target state
/// in the entry means an agent learns everything it must do from its own schedule alone.</remarks>
public sealed record ScheduleEntry(UnitName Unit, MachineId Machine, UnitHash Hash, TargetState TargetState);

/// <summary>What a machine's agent last reported for a unit it holds.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Machine">The reporting machine.</param>
/// <param name="Hash">Hash of the unit file the agent has loaded.</param>
/// <param name="State">systemd's LOAD/ACTIVE/SUB words.</param>
/// <param name="Reached">The fleet job state the agent has reached for the unit (loaded or launched).</param>
public sealed record UnitStateRecord(UnitName Unit, MachineId Machine, UnitHash Hash, UnitState State, TargetState Reached);

/// <summary>A consistent read: the items and the store revision they were read at.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items, in key order.</param>
/// <param name="Revision">The store revision of the read; watch from here to follow changes.</param>
public sealed record Snapshot<T>(IReadOnlyList<T> Items, long Revision);
