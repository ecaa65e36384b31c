using Fleet.Core.Machines;
using Fleet.Core.Units;
using Mvccpb;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>Parses the variable parts of keys (see <see cref="EtcdKeys"/>).</summary>
internal static class KeyParsing
{
    /// <summary><c>&lt;prefix&gt;&lt;unit&gt;</c>.</summary>
    public static bool TryUnit(KeyValue kv, string prefix, out UnitName unit)
    {
        unit = default;
        return EtcdKeys.Suffix(kv.Key, prefix) is { } rest && UnitName.TryParse(rest, out unit, out _);
    }

    /// <summary><c>&lt;prefix&gt;&lt;machine&gt;</c>.</summary>
    public static bool TryMachine(KeyValue kv, string prefix, out MachineId machine)
    {
        machine = default;
        return EtcdKeys.Suffix(kv.Key, prefix) is { } rest && MachineId.TryParse(rest, out machine);
    }

    /// <summary><c>&lt;prefix&gt;&lt;first&gt;/&lt;second&gt;</c>, split at the first slash.</summary>
    public static bool TryPair(KeyValue kv, string prefix, out string first, out string second)
    {
        (first, second) = (string.Empty, string.Empty);
        var rest = EtcdKeys.Suffix(kv.Key, prefix);
        var slash = rest?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (rest is null || slash <= 0)
        {
            return false;
        }

        (first, second) = (rest[..slash], rest[(slash + 1)..]);
        return second.Length > 0;
    }

    /// <summary><c>&lt;prefix&gt;&lt;machine&gt;/&lt;unit&gt;</c>.</summary>
    public static bool TryMachineUnit(KeyValue kv, string prefix, out (MachineId Machine, UnitName Unit) key)
    {
        key = default;
        if (TryPair(kv, prefix, out var m, out var u) && MachineId.TryParse(m, out var machine) && UnitName.TryParse(u, out var unit, out _))
        {
            key = (machine, unit);
            return true;
        }

        return false;
    }

    /// <summary><c>&lt;prefix&gt;&lt;unit&gt;/&lt;machine&gt;</c>.</summary>
    public static bool TryUnitMachine(KeyValue kv, string prefix, out (UnitName Unit, MachineId Machine) key)
    {
        key = default;
        if (TryPair(kv, prefix, out var u, out var m) && MachineId.TryParse(m, out var machine) && UnitName.TryParse(u, out var unit, out _))
        {
            key = (unit, machine);
            return true;
        }

        return false;
    }
}
