namespace Fleet.Agent.Process.Definitions;

/// <summary><c>Restart=</c>.</summary>
internal enum RestartPolicy
{
    /// <summary>Never restart.</summary>
    No,

    /// <summary>Restart after a clean exit only.</summary>
    OnSuccess,

    /// <summary>Restart after an unclean exit code, an unclean signal or a timeout.</summary>
    OnFailure,

    /// <summary>Restart after an unclean signal or a timeout.</summary>
    OnAbnormal,

    /// <summary>Restart after an unclean signal.</summary>
    OnAbort,

    /// <summary>Restart whatever the outcome (but not after an explicit stop).</summary>
    Always,
}
