using Fleet.Client.Contracts;
using Fleet.Core.Units;

namespace Fleet.Cli.Units;

/// <summary>Whether a unit is global (<c>[X-Fleet] Global=</c>, last value wins), decided by Fleet.Core's
/// requirement parser so that fleetctl and the scheduler agree.</summary>
internal static class GlobalUnits
{
    public static bool IsGlobal(Unit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (!(unit.Options ?? []).Any(o => o.Section == "X-Fleet" && o.Name == "Global"))
        {
            return false;
        }

        // A name the registry holds is valid; fall back to a placeholder name if it somehow is not.
        var name = UnitName.TryParse(unit.Name, out var parsed, out _) ? parsed : UnitName.Parse("unit.service");
        return UnitRequirementsParser.Parse(name, UnitOptionsMapper.ToUnitFile(unit.Options)).Requirements.Global;
    }
}
