using Fleet.Core.Units;
using Fleet.Registry;
using Xunit;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Testing.Registry;

/// <summary>The <see cref="IUnitStore"/> contract: CRUD, return values, ordering, paging, body GC.</summary>
public abstract class UnitStoreContractTests : RegistryContractTests
{
    /// <summary>How many units the paging test writes (more than one page of the store's list).</summary>
    protected virtual int PagingUnitCount => 1_050;

    private IUnitStore Units => Harness.Units;

    [Fact]
    public async Task GetAsync_MissingUnit_ReturnsNull()
    {
        Assert.Null(await Units.GetAsync(UnitName.Parse("missing.service"), Token));
        Assert.Null(await Units.GetFileAsync(File("never stored").Hash, Token));
    }

    [Fact]
    public async Task PutAsync_NewUnit_RecordAndBodyReadBack()
    {
        var (record, file) = Unit("hello.service", requirements: RichRequirements());

        var revision = await Units.PutAsync(record, file, Token);

        Assert.Equal(record, await Units.GetAsync(record.Name, Token));
        var body = await Units.GetFileAsync(record.Hash, Token);
        Assert.NotNull(body);
        Assert.Equal(file.Serialize(), body.Serialize());
        Assert.Equal(file.Options, body.Options);
        Assert.Equal(file.Hash, body.Hash);
        var list = await Units.ListAsync(Token);
        Assert.Equal([record], list.Items);
        Assert.True(list.Revision >= revision, $"list revision {list.Revision} is older than the write's {revision}");
    }

    [Fact]
    public async Task PutAsync_HashNotTheFilesHash_ThrowsArgumentException()
    {
        var (record, _) = Unit("hello.service", "one");

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Units.PutAsync(record, File("another"), Token));

        Assert.Null(await Units.GetAsync(record.Name, Token));
    }

    [Fact]
    public async Task PutAsync_SuccessiveWrites_ReturnIncreasingRevisions()
    {
        var (a, fileA) = Unit("a.service", "a");
        var (b, fileB) = Unit("b.service", "b");

        var first = await Units.PutAsync(a, fileA, Token);
        var second = await Units.PutAsync(b, fileB, Token);
        var third = await Units.PutAsync(a with { TargetState = TargetState.Loaded }, fileA, Token);

        Assert.True(first > 0, $"first revision {first} must be positive");
        Assert.True(second > first, $"revisions {first}, {second} must increase");
        Assert.True(third > second, $"revisions {second}, {third} must increase");
    }

    [Fact]
    public async Task PutAsync_ExistingUnit_ReplacesRecordAndCollectsOldBody()
    {
        var (old, oldFile) = Unit("hello.service", "old");
        var (replacement, newFile) = Unit("hello.service", "new", TargetState.Loaded);
        await Units.PutAsync(old, oldFile, Token);

        await Units.PutAsync(replacement, newFile, Token);

        Assert.Equal(replacement, await Units.GetAsync(replacement.Name, Token));
        Assert.NotNull(await Units.GetFileAsync(newFile.Hash, Token));
        Assert.Null(await Units.GetFileAsync(oldFile.Hash, Token));
    }

    [Fact]
    public async Task PutAsync_ReplacingUnitWhoseBodyAnotherUnitUses_KeepsBody()
    {
        var (a, shared) = Unit("a.service", "shared");
        var (b, _) = Unit("b.service", "shared");
        var (aNew, aFile) = Unit("a.service", "a only");
        await Units.PutAsync(a, shared, Token);
        await Units.PutAsync(b, shared, Token);

        await Units.PutAsync(aNew, aFile, Token);

        Assert.NotNull(await Units.GetFileAsync(shared.Hash, Token));
    }

    [Fact]
    public async Task TryDeleteAsync_LastReferencingUnit_CollectsBody()
    {
        var (a, shared) = Unit("a.service", "shared");
        var (b, _) = Unit("b.service", "shared");
        await Units.PutAsync(a, shared, Token);
        await Units.PutAsync(b, shared, Token);

        Assert.True(await Units.TryDeleteAsync(a.Name, Token));
        Assert.NotNull(await Units.GetFileAsync(shared.Hash, Token));

        Assert.True(await Units.TryDeleteAsync(b.Name, Token));
        Assert.Null(await Units.GetFileAsync(shared.Hash, Token));
    }

    [Fact]
    public async Task TryDeleteAsync_ExistingUnit_ReturnsTrueAndUnitIsGone()
    {
        var (record, file) = Unit("hello.service");
        await Units.PutAsync(record, file, Token);

        Assert.True(await Units.TryDeleteAsync(record.Name, Token));

        Assert.Null(await Units.GetAsync(record.Name, Token));
        Assert.Empty((await Units.ListAsync(Token)).Items);
    }

    [Fact]
    public async Task TryDeleteAsync_MissingUnit_ReturnsFalse()
    {
        Assert.False(await Units.TryDeleteAsync(UnitName.Parse("missing.service"), Token));
    }

    [Fact]
    public async Task TrySetTargetStateAsync_ExistingUnit_ChangesOnlyTargetState()
    {
        var (record, file) = Unit("hello.service", targetState: TargetState.Inactive, requirements: RichRequirements());
        await Units.PutAsync(record, file, Token);

        Assert.True(await Units.TrySetTargetStateAsync(record.Name, TargetState.Launched, Token));

        Assert.Equal(record with { TargetState = TargetState.Launched }, await Units.GetAsync(record.Name, Token));
        Assert.NotNull(await Units.GetFileAsync(record.Hash, Token));
    }

    [Fact]
    public async Task TrySetTargetStateAsync_MissingUnit_ReturnsFalseAndCreatesNothing()
    {
        var name = UnitName.Parse("missing.service");

        Assert.False(await Units.TrySetTargetStateAsync(name, TargetState.Launched, Token));

        Assert.Null(await Units.GetAsync(name, Token));
    }

    [Fact]
    public async Task ListAsync_SeveralUnits_InNameOrder()
    {
        foreach (var name in new[] { "zeta.service", "alpha.service", "mid@1.service", "alpha@.service" })
        {
            var (record, file) = Unit(name, name);
            await Units.PutAsync(record, file, Token);
        }

        var names = (await Units.ListAsync(Token)).Items.Select(u => u.Name.Value).ToList();

        Assert.Equal(["alpha.service", "alpha@.service", "mid@1.service", "zeta.service"], names);
    }

    [Fact]
    public async Task ListAsync_MoreUnitsThanOnePage_ReturnsEveryUnitInOrder()
    {
        var file = File("paged");
        var expected = Enumerable.Range(0, PagingUnitCount).Select(i => $"unit-{i:D5}.service").ToList();
        foreach (var name in expected)
        {
            await Units.PutAsync(new UnitRecord(UnitName.Parse(name), file.Hash, TargetState.Launched, UnitRequirements.None), file, Token);
        }

        var list = await Units.ListAsync(Token);

        Assert.Equal(expected, list.Items.Select(u => u.Name.Value));
    }

    [Fact]
    public async Task ListPagesAsync_SomeUnits_EveryUnitOnceInNameOrderAtOneRevisionAsListAsync()
    {
        var expected = new List<UnitRecord>();
        for (var i = 0; i < 30; i++)
        {
            var (record, file) = Unit($"unit-{i:D2}.service", requirements: i % 5 == 0 ? RichRequirements() : null);
            await Units.PutAsync(record, file, Token);
            expected.Add(record);
        }

        var pages = await Units.ListPagesAsync(Token).ToListAsync(Token);
        var list = await Units.ListAsync(Token);

        Assert.NotEmpty(pages);
        Assert.Single(pages.Select(p => p.Revision).Distinct());
        Assert.InRange(pages[0].Revision, 1, list.Revision);
        Assert.Equal(expected, pages.SelectMany(p => p.Items));
        Assert.Equal(list.Items, pages.SelectMany(p => p.Items));
    }
}
