namespace Fleet.Agent.Process.Runtime;

/// <summary>How a process ended, in systemd's words.</summary>
/// <param name="Code">The exit code, when it exited.</param>
/// <param name="Signal">The signal, when it was killed.</param>
internal sealed record ExitStatus(int? Code, int? Signal)
{
    /// <summary>The process is gone but its status is unknown (it was not a child of this supervisor).</summary>
    public static readonly ExitStatus Unknown = new(null, null);

    /// <summary>Could not execute the command (systemd's 203/EXEC).</summary>
    public static readonly ExitStatus ExecFailed = new(203, null);

    /// <summary>From .NET's exit code, which reports death by signal N as 128+N (like a shell).</summary>
    public static ExitStatus FromExitCode(int exitCode) =>
        exitCode is > 128 and < 128 + 32 ? new ExitStatus(null, exitCode - 128) : new ExitStatus(exitCode, null);

    /// <summary>systemd's text, e.g. <c>code=exited, status=1/FAILURE</c> or <c>code=killed, signal=TERM</c>.</summary>
    public override string ToString() => (Code, Signal) switch
    {
        (_, { } signal) => $"code=killed, signal={Signals.Name(signal)}",
        (0, _) => "code=exited, status=0/SUCCESS",
        (203, _) => "code=exited, status=203/EXEC",
        ({ } code, _) => $"code=exited, status={code}/FAILURE",
        _ => "code=exited, status=unknown",
    };
}
