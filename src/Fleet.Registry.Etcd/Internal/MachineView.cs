using Fleet.Core.Machines;
using Mvccpb;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>Presence and dynamic metadata as read from <c>machines/</c>, giving each present machine's
/// effective state (configured metadata overlaid with dynamic metadata).</summary>
internal sealed class MachineView(EtcdKeys keys)
{
    private readonly SortedDictionary<MachineId, MachineState> _present = [];
    private readonly Dictionary<MachineId, SortedDictionary<string, string>> _dynamic = [];

    public static MachineView From(EtcdKeys keys, IEnumerable<KeyValue> items)
    {
        var view = new MachineView(keys);
        foreach (var kv in items)
        {
            view.Apply(kv, deleted: false);
        }

        return view;
    }

    /// <summary>Applies one key's change; returns the machine it concerns, or null for a foreign or undecodable key.</summary>
    public MachineId? Apply(KeyValue kv, bool deleted)
    {
        if (KeyParsing.TryMachine(kv, keys.Presence, out var id))
        {
            if (deleted)
            {
                _present.Remove(id);
            }
            else if (EtcdCodec.DecodeMachine(id, kv.Value) is { } state)
            {
                _present[id] = state;
            }
            else
            {
                return null;
            }

            return id;
        }

        if (!KeyParsing.TryPair(kv, keys.Metadata, out var machine, out var key) || !MachineId.TryParse(machine, out id))
        {
            return null;
        }

        var values = _dynamic.TryGetValue(id, out var existing) ? existing : _dynamic[id] = new(StringComparer.Ordinal);
        if (deleted)
        {
            values.Remove(key);
        }
        else
        {
            values[key] = kv.Value.ToStringUtf8();
        }

        return id;
    }

    /// <summary>The machine's effective state, or null when it is not present.</summary>
    public MachineState? Effective(MachineId id)
    {
        if (!_present.TryGetValue(id, out var state))
        {
            return null;
        }

        if (!_dynamic.TryGetValue(id, out var values) || values.Count == 0)
        {
            return state;
        }

        var metadata = state.Metadata.ToBuilder();
        foreach (var (key, value) in values)
        {
            if (value.Length == 0)
            {
                metadata.Remove(key); // fleet's tombstone: PATCH remove hides configured metadata too
            }
            else
            {
                metadata[key] = value;
            }
        }

        return state with { Metadata = metadata.ToImmutable() };
    }

    /// <summary>Every present machine's effective state, in ID order.</summary>
    public IReadOnlyList<MachineState> All() => [.. _present.Keys.Select(id => Effective(id)!)]; // every key is present
}
