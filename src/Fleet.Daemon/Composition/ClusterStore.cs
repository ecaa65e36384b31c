using Fleet.Registry;

namespace Fleet.Daemon.Composition;

/// <summary>The five stores of whichever backend fleetd was configured with, and how to close it.</summary>
/// <param name="Units">Unit records and bodies.</param>
/// <param name="Schedule">Per-machine schedules.</param>
/// <param name="Machines">Presence and metadata.</param>
/// <param name="UnitStates">Published unit states.</param>
/// <param name="Leaders">Leader election.</param>
/// <param name="Description">What it is, for the start-up log (e.g. <c>etcd at http://...</c>).</param>
/// <param name="UnavailableMessage">The API's 503 message when it cannot be reached.</param>
/// <param name="Close">Releases the backend.</param>
internal sealed record ClusterStore(
    IUnitStore Units,
    IScheduleStore Schedule,
    IMachineStore Machines,
    IUnitStateStore UnitStates,
    ILeaderElection Leaders,
    string Description,
    string UnavailableMessage,
    Func<ValueTask> Close) : IAsyncDisposable
{
    /// <inheritdoc />
    public ValueTask DisposeAsync() => Close();
}
