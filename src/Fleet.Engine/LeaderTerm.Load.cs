using System.Threading.Channels;
using Fleet.Core.Machines;
using Fleet.Registry;

namespace Fleet.Engine;

/// <summary>The term's first read.</summary>
internal sealed partial class LeaderTerm
{
    /// <summary>Pages read ahead of the model (a page is up to a few thousand records).</summary>
    private const int PagesInFlight = 4;

    /// <summary>Reads units, machines and the schedule concurrently, feeding each page to the model as it arrives
    /// (the model's result does not depend on the order), so that etcd reads and decodes the next pages while
    /// the model takes in the previous ones. Returns when all three reads are complete and in the model: the
    /// first plan, and so the first write, sees the whole read.</summary>
    /// <returns>The revisions of the unit and machine reads, where their watches resume (so that a change made
    /// after a read and before its watch starts is delivered by the watch).</returns>
    private async Task<(long Units, long Machines)> LoadAsync(CancellationToken cancellationToken)
    {
        using var loading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<object>(new BoundedChannelOptions(PagesInFlight) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var reading = ReadAllAsync(pages.Writer, loading);
        var (unitCount, machineCount, entryCount, unitRevision, machineRevision) = (0, 0, 0, 0L, 0L);
        try
        {
            await foreach (var page in pages.Reader.ReadAllAsync(cancellationToken))
            {
                switch (page)
                {
                    case Snapshot<UnitRecord> unitPage:
                        foreach (var unit in unitPage.Items)
                        {
                            _state.SetUnit(unit);
                        }

                        (unitCount, unitRevision) = (unitCount + unitPage.Items.Count, unitPage.Revision);
                        break;
                    case Snapshot<MachineState> machineList:
                        foreach (var machine in machineList.Items)
                        {
                            _state.SetMachine(machine);
                        }

                        (machineCount, machineRevision) = (machineCount + machineList.Items.Count, machineList.Revision);
                        break;
                    case Snapshot<ScheduleEntry> entryPage:
                        _state.LoadEntries(entryPage.Items);
                        entryCount += entryPage.Items.Count;
                        break;
                }
            }
        }
        catch
        {
            await loading.CancelAsync();
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await reading;
        cancellationToken.ThrowIfCancellationRequested();
        Log.TermLoaded(logger, unitCount, machineCount, entryCount);
        return (unitRevision, machineRevision);
    }

    /// <summary>Runs the three reads into <paramref name="pages"/> and completes it when all have ended. The first
    /// read to fail cancels the others; its exception is the one thrown.</summary>
    private async Task ReadAllAsync(ChannelWriter<object> pages, CancellationTokenSource loading)
    {
        Task[] reads =
        [
            ReadPagesAsync(units.ListPagesAsync(loading.Token), "unit(s)", pages, loading),
            ReadPagesAsync(ListMachinesAsync(loading.Token), "machine(s)", pages, loading),
            ReadPagesAsync(schedule.ListPagesAsync(loading.Token), "schedule entries", pages, loading),
        ];
        try
        {
            await CollectAsync(reads, loading.Token);
        }
        finally
        {
            pages.TryComplete();
        }
    }

    private async IAsyncEnumerable<Snapshot<MachineState>> ListMachinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return await machines.ListAsync(cancellationToken);
    }

    private async Task ReadPagesAsync<T>(IAsyncEnumerable<Snapshot<T>> read, string what, ChannelWriter<object> pages, CancellationTokenSource loading)
    {
        var (count, revision) = (0, 0L);
        try
        {
            await foreach (var page in read.WithCancellation(loading.Token))
            {
                (count, revision) = (count + page.Items.Count, page.Revision);
                await pages.WriteAsync(page, loading.Token);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !loading.IsCancellationRequested)
        {
            await loading.CancelAsync();
            throw;
        }

        Log.ListRead(logger, count, what, revision);
    }
}
