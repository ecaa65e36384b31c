using Fleet.Agent.UnitManagement;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd.Tests;

/// <summary>SystemdUnitJournal's failures without a systemd.</summary>
[Trait("Category", "Unit")]
public sealed class SystemdUnitJournalErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_CommandMissing_ThrowsNamingTheCommandAndUnit()
    {
        var options = new SystemdUnitManagerOptions { BusAddress = "unix:path=/nonexistent", CommandPrefix = ["/nonexistent/fleet-prefix"] };
        var journal = new SystemdUnitJournal(Options.Create(options), NullLogger<SystemdUnitJournal>.Instance);
        var name = SystemdTestUnits.NewName();

        var error = await Assert.ThrowsAsync<UnitManagerException>(async () => await journal.ReadAsync(name, 10, false, JournalOutput.Short, Ct).ToListAsync(Ct));

        Assert.Contains("/nonexistent/fleet-prefix journalctl", error.Message, StringComparison.Ordinal);
        Assert.Contains(name.Value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyPrefixWord_ThrowsNamingTheOption()
    {
        var options = new SystemdUnitManagerOptions { BusAddress = "unix:path=/nonexistent", CommandPrefix = ["nsenter", " "] };

        var error = Assert.Throws<OptionsValidationException>(() => new SystemdUnitJournal(Options.Create(options), NullLogger<SystemdUnitJournal>.Instance));

        Assert.Contains(nameof(SystemdUnitManagerOptions.CommandPrefix), error.Message, StringComparison.Ordinal);
    }
}
