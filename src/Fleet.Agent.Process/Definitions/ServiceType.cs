namespace Fleet.Agent.Process.Definitions;

/// <summary><c>Type=</c> of a service.</summary>
internal enum ServiceType
{
    /// <summary>The ExecStart process is the main process (also <c>exec</c>, <c>idle</c>, <c>notify</c>).</summary>
    Simple,

    /// <summary>ExecStart commands run to completion in turn.</summary>
    Oneshot,

    /// <summary>ExecStart forks and exits; the daemon is found through <c>PIDFile=</c> or the process group.</summary>
    Forking,
}
