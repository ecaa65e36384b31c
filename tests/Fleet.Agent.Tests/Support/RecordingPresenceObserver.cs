using Fleet.Core.Machines;

namespace Fleet.Agent.Tests.Support;

/// <summary>Records availability notifications in order: "available" or "unavailable: reason".</summary>
public sealed class RecordingPresenceObserver : IAgentPresenceObserver
{
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public void OnAvailable(MachineId machine) => Add("available");

    public void OnUnavailable(MachineId machine, string reason) => Add("unavailable: " + reason);

    private void Add(string text)
    {
        lock (_events)
        {
            _events.Add(text);
        }
    }
}
