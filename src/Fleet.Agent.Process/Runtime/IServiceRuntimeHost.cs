using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Process.Runtime;

/// <summary>What a <see cref="ServiceRuntime"/> needs from the supervisor that owns it.</summary>
internal interface IServiceRuntimeHost
{
    /// <summary>The clock for timeouts, restart delays and since-times.</summary>
    TimeProvider Time { get; }

    /// <summary>Starts processes.</summary>
    ProcessLauncher Launcher { get; }

    /// <summary>The supervisor's logger.</summary>
    ILogger Logger { get; }

    /// <summary>Called (with the runtime's lock held, so it must not block) after every state change or
    /// process event: publishes the name to watchers and schedules the state to be persisted.</summary>
    void OnChanged(ServiceRuntime runtime);
}
