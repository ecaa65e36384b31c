using Fleet.Core.Units;

namespace Fleet.Agent.UnitManagement;

/// <summary>Reads what a unit printed, and its status text, on this machine (for <c>fleetctl journal</c>
/// and <c>fleetctl status</c> through the API).</summary>
public interface IUnitJournal
{
    /// <summary>Yields the last <paramref name="lines"/> lines of the unit's output, then, with
    /// <paramref name="follow"/>, every new line until cancelled.</summary>
    IAsyncEnumerable<string> ReadAsync(UnitName name, int lines, bool follow, CancellationToken cancellationToken);

    /// <summary>Text like <c>systemctl status -l UNIT</c> prints.</summary>
    ValueTask<string> GetStatusTextAsync(UnitName name, CancellationToken cancellationToken);
}
