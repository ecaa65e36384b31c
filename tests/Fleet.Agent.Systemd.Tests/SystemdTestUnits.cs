using Fleet.Core.Units;

namespace Fleet.Agent.Systemd.Tests;

/// <summary>Unit names, unit files and state polling shared by the tests against systemd.</summary>
internal static class SystemdTestUnits
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static UnitName NewName() => UnitName.Parse($"fleet-t-{Guid.NewGuid():N}"[..16] + ".service");

    public static UnitFile Unit(string text) => UnitFile.Parse(text).File ?? throw new InvalidOperationException("bad unit in test");

    public static async Task WaitForStateAsync(SystemdUnitManager manager, UnitName name, UnitState expected, CancellationToken cancellationToken)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(Deadline.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var state = (await manager.GetStatesAsync([name], cancellationToken))[name];
        while (state != expected && TimeProvider.System.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
            state = (await manager.GetStatesAsync([name], cancellationToken))[name];
        }

        Assert.Equal(expected, state);
    }
}
