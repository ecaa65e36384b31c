using System.Threading.Channels;

namespace Fleet.Registry.InMemory;

/// <summary>One registered watch: a key prefix and a bounded queue of events the core writes under its lock.</summary>
internal sealed class Watcher
{
    private volatile bool _overflowed;

    public Watcher(string prefix, int capacity)
    {
        Prefix = prefix;
        Channel = System.Threading.Channels.Channel.CreateBounded<RawWatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The watched key prefix.</summary>
    public string Prefix { get; }

    /// <summary>The queue of undelivered events.</summary>
    public Channel<RawWatchEvent> Channel { get; }

    /// <summary>True once the queue was full when an event had to be delivered: the reader must re-list.</summary>
    public bool Overflowed => _overflowed;

    /// <summary>Marks the watcher as fallen behind and ends its queue (caller holds the core's lock).</summary>
    public void MarkOverflowedLocked()
    {
        _overflowed = true;
        Channel.Writer.TryComplete();
    }
}
