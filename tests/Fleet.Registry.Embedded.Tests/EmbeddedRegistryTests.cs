using Fleet.Core.Units;
using Fleet.Registry.InMemory;
using Fleet.Testing.Registry;
using Microsoft.Extensions.Time.Testing;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Registry.Embedded.Tests;

[Trait("Category", "Unit")]
public sealed class EmbeddedRegistryTests : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_AfterDispose_KeepsUnitsBodiesScheduleAndMetadata()
    {
        var (web, webFile) = Unit("web.service", "web", requirements: RichRequirements());
        var (db, dbFile) = Unit("db.service", "db", TargetState.Loaded);
        var (gone, goneFile) = Unit("gone.service", "gone");
        var entry = Entry("web.service", "machine-a", webFile.Hash);
        long revision;
        using (var registry = Open())
        {
            await registry.Units.PutAsync(web, webFile, Token);
            await registry.Units.PutAsync(db, dbFile, Token);
            await registry.Units.PutAsync(gone, goneFile, Token);
            await registry.Units.TryDeleteAsync(gone.Name, Token);
            await registry.Units.TrySetTargetStateAsync(db.Name, TargetState.Launched, Token);
            await using (var leader = await registry.Leaders.CampaignAsync(MachineId("engine"), Ttl, Token))
            {
                await registry.Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Put(entry)], Token);
            }

            await registry.Machines.SetMetadataAsync(MachineId("machine-a"), "role", "web", Token);
            await registry.Machines.SetMetadataAsync(MachineId("machine-a"), "gone", "x", Token);
            await registry.Machines.SetMetadataAsync(MachineId("machine-a"), "gone", null, Token);
            revision = registry.Revision;
        }

        using var reopened = Open();

        Assert.Equal([db with { TargetState = TargetState.Launched }, web], (await reopened.Units.ListAsync(Token)).Items);
        Assert.Equal(webFile.Serialize(), (await reopened.Units.GetFileAsync(webFile.Hash, Token))?.Serialize());
        Assert.NotNull(await reopened.Units.GetFileAsync(dbFile.Hash, Token));
        Assert.Null(await reopened.Units.GetFileAsync(goneFile.Hash, Token));
        Assert.Equal([entry], (await reopened.Schedule.ListAsync(Token)).Items);
        await using var session = await reopened.Machines.TryRegisterAsync(Machine("machine-a"), Ttl, Token);
        var machine = Assert.Single((await reopened.Machines.ListAsync(Token)).Items);
        Assert.Equal([KeyValuePair.Create("role", "web")], machine.Metadata);
        Assert.True(reopened.Revision > revision, $"revision {reopened.Revision} after reopening must pass {revision}");
    }

    [Fact]
    public async Task Open_AfterDispose_ForgetsPresenceUnitStatesAndLeadership()
    {
        using (var registry = Open())
        {
            var session = await registry.Machines.TryRegisterAsync(Machine("machine-a"), Ttl, Token);
            await registry.UnitStates.TryPublishAsync(session!, State("web.service", "machine-a"), Token);
            await registry.Leaders.CampaignAsync(MachineId("engine"), Ttl, Token);
        }

        using var reopened = Open();

        Assert.Empty((await reopened.Machines.ListAsync(Token)).Items);
        Assert.Empty((await reopened.UnitStates.ListAsync(Token)).Items);
        Assert.Null(await reopened.Leaders.GetLeaderAsync(Token));
        await using var again = await reopened.Machines.TryRegisterAsync(Machine("machine-a"), Ttl, Token);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Open_LogEndsInTornRecord_RecoversEveryCompleteRecordAndKeepsWriting()
    {
        var (a, fileA) = Unit("a.service", "a");
        var (b, fileB) = Unit("b.service", "b");
        using (var registry = Open())
        {
            await registry.Units.PutAsync(a, fileA, Token);
            await registry.Units.PutAsync(b, fileB, Token);
        }

        // A crash in the middle of an append: a header promising more bytes than follow.
        var log = Assert.Single(Directory.GetFiles(_directory.Path, "registry.*.log"));
        await System.IO.File.AppendAllBytesAsync(log, [0x40, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, (byte)'{', (byte)'"'], Token);
        var (c, fileC) = Unit("c.service", "c");
        using (var recovered = Open())
        {
            Assert.Equal([a, b], (await recovered.Units.ListAsync(Token)).Items);
            await recovered.Units.PutAsync(c, fileC, Token);
        }

        using var again = Open();
        Assert.Equal([a, b, c], (await again.Units.ListAsync(Token)).Items);
    }

    [Fact]
    public async Task Open_LogEndsInRecordWithBadChecksum_IgnoresThatRecord()
    {
        var (a, fileA) = Unit("a.service", "a");
        var (b, fileB) = Unit("b.service", "b");
        using (var registry = Open())
        {
            await registry.Units.PutAsync(a, fileA, Token);
            await registry.Units.PutAsync(b, fileB, Token);
        }

        var log = Assert.Single(Directory.GetFiles(_directory.Path, "registry.*.log"));
        var bytes = await System.IO.File.ReadAllBytesAsync(log, Token);
        bytes[^2] ^= 0x5a; // damage the last record's payload: its checksum no longer matches
        await System.IO.File.WriteAllBytesAsync(log, bytes, Token);

        using var recovered = Open();

        var units = (await recovered.Units.ListAsync(Token)).Items;
        Assert.Contains(a, units);
        Assert.DoesNotContain(b, units);
    }

    [Fact]
    public async Task Watch_FromRevisionBeforeRestart_YieldsReset()
    {
        var (a, fileA) = Unit("a.service", "a");
        long before;
        using (var registry = Open())
        {
            before = await registry.Units.PutAsync(a, fileA, Token);
        }

        using var reopened = Open();
        await using var watch = WatchProbe.Start(ct => reopened.Units.WatchAsync(before - 1, ct), Token);

        var first = await watch.NextEventAsync("a reset: the history before the restart is gone");

        var reset = Assert.IsType<WatchReset<UnitName, UnitRecord>>(first);
        Assert.Equal([a], reset.Items);
    }

    [Fact]
    public void Open_DirectoryAlreadyOpen_ThrowsNamingDirectory()
    {
        using var first = Open();

        var error = Assert.Throws<InvalidOperationException>(() => Open());

        Assert.Contains(_directory.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DataDirectoryIsAFile_ThrowsNamingPath()
    {
        var file = Path.Combine(_directory.Path, "not-a-directory");
        System.IO.File.WriteAllText(file, "x");

        var error = Assert.Throws<InvalidOperationException>(() =>
            EmbeddedRegistry.Open(new EmbeddedRegistryOptions { DataDirectory = file }, _time));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(EmbeddedRegistryOptions.DataDirectory), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyDirectoryAndBadCoreLimits_ReportsEveryProblem()
    {
        var options = new EmbeddedRegistryOptions { DataDirectory = " ", Core = new InMemoryRegistryOptions { HistoryLimit = 0 } };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(nameof(EmbeddedRegistryOptions.DataDirectory), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InMemoryRegistryOptions.HistoryLimit), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingDataDirectory_CreatesIt()
    {
        var nested = Path.Combine(_directory.Path, "a", "b");

        using var registry = EmbeddedRegistry.Open(new EmbeddedRegistryOptions { DataDirectory = nested }, _time);

        Assert.True(Directory.Exists(nested));
        Assert.Equal(Path.GetFullPath(nested), registry.DataDirectory);
    }

    private EmbeddedRegistry Open() => EmbeddedRegistry.Open(new EmbeddedRegistryOptions { DataDirectory = _directory.Path }, _time);
}
