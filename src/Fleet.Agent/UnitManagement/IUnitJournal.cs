using Fleet.Core.Units;

namespace Fleet.Agent.UnitManagement;

/// <summary>Reads what a unit printed, and its status text, on this machine (for <c>fleetctl journal</c>
/// and <c>fleetctl status</c> through the API).</summary>
public interface IUnitJournal
{
    /// <summary>Whether <see cref="ReadAsync"/> can format entries as <paramref name="output"/> says.
    /// <see cref="JournalOutput.Short"/> is always supported.</summary>
    bool SupportsOutput(JournalOutput output);

    /// <summary>Yields the last <paramref name="lines"/> entries of the unit's output, formatted as
    /// <paramref name="output"/> says (one line per entry, except for multi-line modes such as
    /// <c>verbose</c>), then, with <paramref name="follow"/>, every new entry until cancelled.</summary>
    /// <exception cref="UnitManagerException">The journal cannot be read (e.g. the unit is not loaded here).</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not supported (see <see cref="SupportsOutput"/>).</exception>
    IAsyncEnumerable<string> ReadAsync(UnitName name, int lines, bool follow, JournalOutput output, CancellationToken cancellationToken);

    /// <summary>Text like <c>systemctl status -l UNIT</c> prints.</summary>
    ValueTask<string> GetStatusTextAsync(UnitName name, CancellationToken cancellationToken);
}
