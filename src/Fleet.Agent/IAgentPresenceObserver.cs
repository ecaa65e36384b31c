using Fleet.Core.Machines;

namespace Fleet.Agent;

/// <summary>Told by <see cref="AgentService"/> when this machine becomes available to the cluster (presence
/// registered, store answering) and when it stops being so. fleetd uses it to answer API requests with 503
/// and to hold its engine back until the machine has joined.</summary>
/// <remarks>Called from the agent's loop, only on a change (never twice in a row with the same
/// availability); implementations must be quick, thread-safe and must not throw.</remarks>
public interface IAgentPresenceObserver
{
    /// <summary>The presence is registered and the store answers.</summary>
    /// <param name="machine">This machine.</param>
    void OnAvailable(MachineId machine);

    /// <summary>The presence is not registered yet, was lost, or the store does not answer; or the agent stopped.</summary>
    /// <param name="machine">This machine.</param>
    /// <param name="reason">Why, in words, for logs and error messages.</param>
    void OnUnavailable(MachineId machine, string reason);
}
