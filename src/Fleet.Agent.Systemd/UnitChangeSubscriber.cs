using System.Threading.Channels;
using Fleet.Core.Units;

namespace Fleet.Agent.Systemd;

/// <summary>One watcher's pending changed units: a set (bounded by the number of units) and a wake-up signal.</summary>
internal sealed class UnitChangeSubscriber
{
    private readonly HashSet<UnitName> _changed = [];

    /// <summary>Gets the wake-up signal (capacity one; extra wake-ups are dropped because the set holds them).</summary>
    public Channel<bool> Signal { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Records changed units and wakes the watcher.</summary>
    public void Add(IEnumerable<UnitName> names)
    {
        lock (_changed)
        {
            _changed.UnionWith(names);
        }

        Signal.Writer.TryWrite(true);
    }

    /// <summary>Takes the recorded units.</summary>
    public IReadOnlyCollection<UnitName> Drain()
    {
        lock (_changed)
        {
            var batch = _changed.ToArray();
            _changed.Clear();
            return batch;
        }
    }
}
