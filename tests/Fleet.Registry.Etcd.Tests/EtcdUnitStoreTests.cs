using System.Collections.Immutable;
using Fleet.Core.Units;
using Fleet.Testing.Etcd;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Integration")]
public sealed class EtcdUnitStoreTests(EtcdFixture etcd)
{
    [Fact]
    public async Task PutAsync_NewUnit_RecordAndBodyReadBack()
    {
        await using var registry = Connect(etcd);
        var file = File("hello");
        var requirements = new UnitRequirements
        {
            MachineId = "abc",
            Conflicts = ["web*.service"],
            MachineMetadata = ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.Add("region", ["us", "eu"]),
            Global = true,
        };
        var record = new UnitRecord(UnitName.Parse("hello.service"), file.Hash, TargetState.Loaded, requirements);

        var revision = await registry.Units.PutAsync(record, file, Timeout());

        Assert.True(revision > 0);
        Assert.Equal(record, await registry.Units.GetAsync(record.Name, Timeout()));
        var body = await registry.Units.GetFileAsync(file.Hash, Timeout());
        Assert.NotNull(body);
        Assert.Equal(file.Hash, body.Hash);
        Assert.Equal(file.Options, body.Options);
    }

    [Fact]
    public async Task PutAsync_HashNotTheFiles_ThrowsNamingTheUnit()
    {
        await using var registry = Connect(etcd);
        var record = Record("a.service", File("one"));

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.Units.PutAsync(record, File("two"), Timeout()));

        Assert.Contains("a.service", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        await using var registry = Connect(etcd);

        Assert.Null(await registry.Units.GetAsync(UnitName.Parse("nope.service"), Timeout()));
        Assert.Null(await registry.Units.GetFileAsync(File("nope").Hash, Timeout()));
    }

    [Fact]
    public async Task ListAsync_MoreThanOnePage_AllUnitsInNameOrderAtOneRevision()
    {
        await using var registry = Connect(etcd);
        var names = await PutSharedFileUnitsAsync(registry, 1100);

        registry.ListPageSize = 500;
        var before = registry.RequestCounts;
        var snapshot = await registry.Units.ListAsync(Timeout());

        Assert.Equal(names, snapshot.Items.Select(u => u.Name.Value));
        Assert.Equal(3, registry.RequestCounts.Since(before).Range);
        Assert.True(snapshot.Revision >= 1100);
    }

    [Fact]
    public async Task ListPagesAsync_WritesBetweenPages_EveryPageAtTheFirstPagesRevisionAndTheWatchFromItSeesThem()
    {
        await using var registry = Connect(etcd);
        var names = await PutSharedFileUnitsAsync(registry, 1100);
        var file = File("shared");

        registry.ListPageSize = 500;
        var pages = new List<Snapshot<UnitRecord>>();
        await foreach (var page in registry.Units.ListPagesAsync(Timeout()))
        {
            if (pages.Count == 0)
            {
                // Between the first page and the next: one unit added after the last, one removed from the last page.
                await registry.Units.PutAsync(Record("zz.service", file), file, Timeout());
                await registry.Units.TryDeleteAsync(UnitName.Parse("u01050.service"), Timeout());
            }

            pages.Add(page);
        }

        Assert.Equal([500, 500, 100], pages.Select(p => p.Items.Count));
        Assert.Equal(names, pages.SelectMany(p => p.Items).Select(u => u.Name.Value));
        var revision = Assert.Single(pages.Select(p => p.Revision).Distinct());
        await using var watch = registry.Units.WatchAsync(revision, Timeout()).GetAsyncEnumerator(Timeout());
        var changes = new List<Change<UnitName, UnitRecord>>();
        while (changes.Count < 2)
        {
            Assert.True(await watch.MoveNextAsync());
            changes.AddRange(Assert.IsType<WatchChanges<UnitName, UnitRecord>>(watch.Current).Changes);
        }

        Assert.Equal([(ChangeKind.Put, "zz.service"), (ChangeKind.Delete, "u01050.service")], changes.Select(c => (c.Kind, c.Key.Value)));
    }

    [Fact]
    public async Task ListPagesAsync_EmptyStore_OnePageWithNoUnits()
    {
        await using var registry = Connect(etcd);

        var pages = await registry.Units.ListPagesAsync(Timeout()).ToListAsync(Timeout());

        Assert.Empty(Assert.Single(pages).Items);
        Assert.True(pages[0].Revision > 0);
    }

    [Fact]
    public async Task TrySetTargetStateAsync_ExistingAndMissing_TrueAndFalse()
    {
        await using var registry = Connect(etcd);
        var file = File("x");
        await registry.Units.PutAsync(Record("x.service", file, TargetState.Inactive), file, Timeout());

        Assert.True(await registry.Units.TrySetTargetStateAsync(UnitName.Parse("x.service"), TargetState.Launched, Timeout()));
        Assert.False(await registry.Units.TrySetTargetStateAsync(UnitName.Parse("y.service"), TargetState.Launched, Timeout()));
        Assert.Equal(TargetState.Launched, (await registry.Units.GetAsync(UnitName.Parse("x.service"), Timeout()))?.TargetState);
    }

    [Fact]
    public async Task TryDeleteAsync_LastReference_BodyCollected()
    {
        await using var registry = Connect(etcd);
        var file = File("only");
        await registry.Units.PutAsync(Record("only.service", file), file, Timeout());

        Assert.True(await registry.Units.TryDeleteAsync(UnitName.Parse("only.service"), Timeout()));
        Assert.False(await registry.Units.TryDeleteAsync(UnitName.Parse("only.service"), Timeout()));
        Assert.Null(await registry.Units.GetAsync(UnitName.Parse("only.service"), Timeout()));
        Assert.Null(await registry.Units.GetFileAsync(file.Hash, Timeout()));
    }

    [Fact]
    public async Task TryDeleteAsync_BodySharedWithAnotherUnit_BodyKept()
    {
        await using var registry = Connect(etcd);
        var file = File("shared");
        await registry.Units.PutAsync(Record("a.service", file), file, Timeout());
        await registry.Units.PutAsync(Record("b.service", file), file, Timeout());

        await registry.Units.TryDeleteAsync(UnitName.Parse("a.service"), Timeout());

        Assert.NotNull(await registry.Units.GetFileAsync(file.Hash, Timeout()));
    }

    [Fact]
    public async Task PutAsync_ReplaceBody_OldBodyCollectedNewReadable()
    {
        await using var registry = Connect(etcd);
        var v1 = File("v1");
        var v2 = File("v2");
        await registry.Units.PutAsync(Record("r.service", v1), v1, Timeout());

        await registry.Units.PutAsync(Record("r.service", v2), v2, Timeout());

        Assert.Null(await registry.Units.GetFileAsync(v1.Hash, Timeout()));
        Assert.NotNull(await registry.Units.GetFileAsync(v2.Hash, Timeout()));
        Assert.Equal(v2.Hash, (await registry.Units.GetAsync(UnitName.Parse("r.service"), Timeout()))?.Hash);
    }

    [Fact]
    public async Task CollectAsync_ConcurrentCreateOfSameHash_BodySurvives()
    {
        await using var registry = Connect(etcd);
        var store = (EtcdUnitStore)registry.Units;
        var file = File("raced");
        for (var i = 0; i < 20; i++)
        {
            var name = UnitName.Parse($"race{i}.service");
            await store.PutAsync(Record("old.service", file), file, Timeout());
            await store.TryDeleteAsync(UnitName.Parse("old.service"), Timeout());

            // Creators and collectors of the same hash interleave; a unit that exists must find its body.
            await Task.WhenAll(store.PutAsync(Record(name.Value, file), file, Timeout()).AsTask(), store.CollectAsync(file.Hash, Timeout()).AsTask());

            Assert.NotNull(await store.GetFileAsync(file.Hash, Timeout()));
            await store.TryDeleteAsync(name, Timeout());
            Assert.Null(await store.GetFileAsync(file.Hash, Timeout()));
        }
    }

    [Fact]
    public async Task WatchAsync_FromListRevision_PutsAndDeletesInOrder()
    {
        await using var registry = Connect(etcd);
        var snapshot = await registry.Units.ListAsync(Timeout());
        await using var watch = registry.Units.WatchAsync(snapshot.Revision, Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var file = File("w");

        await registry.Units.PutAsync(Record("w.service", file), file, Timeout());
        await registry.Units.TryDeleteAsync(UnitName.Parse("w.service"), Timeout());

        var changes = new List<Change<UnitName, UnitRecord>>();
        while (changes.Count < 2)
        {
            changes.AddRange(Assert.IsType<WatchChanges<UnitName, UnitRecord>>(await NextAsync(watch)).Changes);
        }

        Assert.Equal([ChangeKind.Put, ChangeKind.Delete], changes.Select(c => c.Kind));
        Assert.Equal(Record("w.service", file), changes[0].Value);
        Assert.Null(changes[1].Value);
        Assert.True(changes[1].Revision > changes[0].Revision);
    }

    /// <summary>Submits <paramref name="count"/> units named <c>u00000.service</c>… sharing one file, 50 at a time;
    /// returns their names in order.</summary>
    private static async Task<List<string>> PutSharedFileUnitsAsync(EtcdRegistry registry, int count)
    {
        var file = File("shared");
        var names = Enumerable.Range(0, count).Select(i => $"u{i:D5}.service").ToList();
        foreach (var chunk in names.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(n => registry.Units.PutAsync(Record(n, file), file, Timeout()).AsTask()));
        }

        return names;
    }
}
