using System.Globalization;
using System.Text;
using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Scheduling;

/// <summary>The reason texts of decisions; fleet's wording (engine/reconciler.go, agent/state.go) where it has one.</summary>
internal static class Reasons
{
    public const string TargetInactive = "target state inactive";
    public const string UnitRemoved = "unit removed";
    public const string MetadataInsufficient = "local Machine metadata insufficient";
    public const string MoreThanOneMachine = "unit scheduled to more than one machine";

    private static readonly string ScheduleLoaded = $"target state {TargetState.Loaded.ToWire()} and unit not scheduled";
    private static readonly string ScheduleLaunched = $"target state {TargetState.Launched.ToWire()} and unit not scheduled";

    public static string NotScheduled(TargetState target) => target == TargetState.Launched ? ScheduleLaunched : ScheduleLoaded;

    public static string WentAway(MachineId machine) => $"target Machine({machine}) went away";

    public static string UnableToRun(MachineId machine, string why) => $"target Machine({machine}) unable to run unit: {why}";

    public static string IdMismatch(MachineId machine, string required) =>
        $"agent ID {GoQuote(machine.Value)} does not match required {GoQuote(required)}";

    public static string PeerMissing(string peer) => $"required peer Unit({peer}) is not scheduled locally";

    public static string Conflict(UnitName other) => $"found conflict with locally-scheduled Unit({other})";

    public static string Replace(UnitName other) => $"found replace with locally-scheduled Unit({other})";

    public static string ReplacedBy(UnitName replacer, MachineId machine) => $"replaced by Unit({replacer}) on Machine({machine})";

    /// <summary>Go's <c>%q</c> for the ASCII texts that occur here.</summary>
    private static string GoQuote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                '\r' => builder.Append("\\r"),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }
}
