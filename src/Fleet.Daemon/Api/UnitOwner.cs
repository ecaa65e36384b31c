using Fleet.Core.Machines;

namespace Fleet.Daemon.Api;

/// <summary>Which fleetd serves a unit's journal and status: this one, another machine's API, or nobody
/// (with the HTTP status and message to answer).</summary>
internal sealed record UnitOwner
{
    private UnitOwner(MachineState? remote, int failureStatus, string failureMessage) =>
        (Remote, FailureStatus, FailureMessage) = (remote, failureStatus, failureMessage);

    /// <summary>The unit runs on this machine.</summary>
    public static UnitOwner Local { get; } = new(null, 0, string.Empty);

    /// <summary>The machine to forward to, when the unit runs elsewhere.</summary>
    public MachineState? Remote { get; }

    /// <summary>The status to answer when nobody can serve the request (0 otherwise).</summary>
    public int FailureStatus { get; }

    /// <summary>Why nobody can serve the request.</summary>
    public string FailureMessage { get; }

    /// <summary>True when this machine serves the request itself.</summary>
    public bool IsLocal => Remote is null && FailureStatus == 0;

    /// <summary>The unit runs on <paramref name="machine"/>, whose API is <see cref="MachineState.ApiEndpoint"/>.</summary>
    public static UnitOwner At(MachineState machine) => new(machine, 0, string.Empty);

    /// <summary>Nobody can serve the request.</summary>
    public static UnitOwner Failure(int status, string message) => new(null, status, message);
}
