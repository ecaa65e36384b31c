using System.Text;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Google.Protobuf;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>The v3 key layout under <c>&lt;etcd_key_prefix&gt;v3/</c> (see README.md, "Key layout").</summary>
internal sealed class EtcdKeys
{
    public EtcdKeys(string prefix)
    {
        Root = (prefix.EndsWith('/') ? prefix : prefix + "/") + "v3/";
        Units = Root + "units/";
        UnitFiles = Root + "unitfiles/";
        UnitRefs = Root + "unitrefs/";
        Schedule = Root + "schedule/";
        Placement = Root + "placement/";
        Machines = Root + "machines/";
        Presence = Machines + "present/";
        Metadata = Machines + "metadata/";
        States = Root + "states/";
        Leader = Root + "leader";
    }

    /// <summary><c>&lt;prefix&gt;v3/</c>.</summary>
    public string Root { get; }

    /// <summary><c>units/&lt;unit&gt;</c>: the unit record.</summary>
    public string Units { get; }

    /// <summary><c>unitfiles/&lt;hash&gt;</c>: a unit file body, content-addressed.</summary>
    public string UnitFiles { get; }

    /// <summary><c>unitrefs/&lt;hash&gt;/&lt;unit&gt;</c>: which units reference a body (for GC).</summary>
    public string UnitRefs { get; }

    /// <summary><c>schedule/&lt;machine&gt;/&lt;unit&gt;</c>: a machine's schedule.</summary>
    public string Schedule { get; }

    /// <summary><c>placement/&lt;unit&gt;/&lt;machine&gt;</c>: the same entries indexed by unit.</summary>
    public string Placement { get; }

    /// <summary><c>machines/</c>: presence and dynamic metadata, one prefix so that one watch follows both.</summary>
    public string Machines { get; }

    /// <summary><c>machines/present/&lt;machine&gt;</c>: presence, bound to the machine's lease.</summary>
    public string Presence { get; }

    /// <summary><c>machines/metadata/&lt;machine&gt;/&lt;key&gt;</c>: dynamic metadata, no lease.</summary>
    public string Metadata { get; }

    /// <summary><c>states/&lt;unit&gt;/&lt;machine&gt;</c>: unit states, bound to the machine's lease.</summary>
    public string States { get; }

    /// <summary><c>leader</c>: the engine leader's machine ID, bound to its lease.</summary>
    public string Leader { get; }

    public string Unit(UnitName name) => Units + name.Value;

    public string UnitFile(UnitHash hash) => UnitFiles + hash.Hex;

    public string UnitRef(UnitHash hash, UnitName name) => UnitRefs + hash.Hex + "/" + name.Value;

    public string UnitRefsOf(UnitHash hash) => UnitRefs + hash.Hex + "/";

    public string ScheduleOf(MachineId machine) => Schedule + machine.Value + "/";

    public string ScheduleEntry(MachineId machine, UnitName unit) => Schedule + machine.Value + "/" + unit.Value;

    public string PlacementOf(UnitName unit) => Placement + unit.Value + "/";

    public string PlacementEntry(UnitName unit, MachineId machine) => Placement + unit.Value + "/" + machine.Value;

    public string PresenceOf(MachineId machine) => Presence + machine.Value;

    public string MetadataEntry(MachineId machine, string key) => Metadata + machine.Value + "/" + key;

    public string StatesOf(UnitName unit) => States + unit.Value + "/";

    public string State(UnitName unit, MachineId machine) => States + unit.Value + "/" + machine.Value;

    public static ByteString Bytes(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/> (etcd's range end).</summary>
    public static ByteString PrefixEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }

        return ByteString.CopyFrom(0);
    }

    /// <summary>The key after <paramref name="key"/> in etcd's order (for paging).</summary>
    public static ByteString After(ByteString key)
    {
        var bytes = new byte[key.Length + 1];
        key.Span.CopyTo(bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>The part of <paramref name="key"/> after <paramref name="prefix"/>, or null when it does not start with it.</summary>
    public static string? Suffix(ByteString key, string prefix)
    {
        var text = key.ToStringUtf8();
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
    }
}
