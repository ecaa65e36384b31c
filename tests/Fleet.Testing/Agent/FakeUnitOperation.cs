using Fleet.Core.Units;

namespace Fleet.Testing.Agent;

/// <summary>What a <see cref="FakeUnitManager"/> was asked to do.</summary>
public enum FakeUnitOperationKind
{
    /// <summary><see cref="Fleet.Agent.UnitManagement.IUnitManager.LoadAsync"/>.</summary>
    Load,

    /// <summary><see cref="Fleet.Agent.UnitManagement.IUnitManager.UnloadAsync"/>.</summary>
    Unload,

    /// <summary><see cref="Fleet.Agent.UnitManagement.IUnitManager.ReloadAsync"/>.</summary>
    Reload,

    /// <summary><see cref="Fleet.Agent.UnitManagement.IUnitManager.StartAsync"/>.</summary>
    Start,

    /// <summary><see cref="Fleet.Agent.UnitManagement.IUnitManager.StopAsync"/>.</summary>
    Stop,
}

/// <summary>One call a <see cref="FakeUnitManager"/> received (recorded even when it failed).</summary>
/// <param name="Kind">The call.</param>
/// <param name="Unit">The unit, or null for a reload.</param>
public sealed record FakeUnitOperation(FakeUnitOperationKind Kind, UnitName? Unit)
{
    /// <inheritdoc />
    public override string ToString() => Unit is { } unit ? $"{Kind} {unit}" : Kind.ToString();
}
