using System.Threading.Channels;
using Fleet.Core.Units;

namespace Fleet.Agent.Process;

/// <summary>One <see cref="ProcessSupervisor.WatchStateChangesAsync"/> caller: the names changed since it last
/// read (a set, so it is bounded by the number of units and never drops a name) and a one-slot wake-up signal.</summary>
internal sealed class ChangeSubscriber
{
    private readonly HashSet<UnitName> _pending = [];

    /// <summary>Signalled when <see cref="Drain"/> has something.</summary>
    public Channel<bool> Signal { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Adds a changed name and wakes the reader.</summary>
    public void Add(UnitName name)
    {
        lock (_pending)
        {
            _pending.Add(name);
        }

        Signal.Writer.TryWrite(true);
    }

    /// <summary>Takes every pending name.</summary>
    public IReadOnlyCollection<UnitName> Drain()
    {
        lock (_pending)
        {
            var batch = _pending.ToArray();
            _pending.Clear();
            return batch;
        }
    }
}
