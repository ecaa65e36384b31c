using Fleet.Api.Contracts;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Api.Endpoints;

/// <summary>Reads units as fleet shows them: record, body, placement and reached state joined.</summary>
internal sealed class UnitViewReader(IUnitStore units, IScheduleStore schedule, IUnitStateStore states)
{
    /// <summary>Joins the given records (one page) with their bodies, placements and states.</summary>
    public async Task<List<UnitDto>> ReadAsync(IReadOnlyList<UnitRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var placements = (await schedule.ListAsync(cancellationToken)).Items
            .GroupBy(e => e.Unit)
            .ToDictionary(g => g.Key, g => g.First());
        var reached = (await states.ListAsync(cancellationToken)).Items
            .ToDictionary(s => (s.Unit, s.Machine));
        var files = new Dictionary<UnitHash, UnitFile?>();
        var result = new List<UnitDto>(records.Count);
        foreach (var record in records)
        {
            if (!files.TryGetValue(record.Hash, out var file))
            {
                files[record.Hash] = file = await units.GetFileAsync(record.Hash, cancellationToken);
            }

            var placement = placements.GetValueOrDefault(record.Name);
            UnitStateRecord? state = placement is null ? null : reached.GetValueOrDefault((record.Name, placement.Machine));
            result.Add(WireMapper.ToDto(record, file, placement, state));
        }

        return result;
    }

    /// <summary>Reads one unit, or null when it does not exist.</summary>
    public async Task<UnitDto?> ReadOneAsync(UnitName name, CancellationToken cancellationToken)
    {
        var record = await units.GetAsync(name, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var file = await units.GetFileAsync(record.Hash, cancellationToken);
        var placements = await schedule.ListUnitAsync(name, cancellationToken);
        var placement = placements.Count > 0 ? placements[0] : null;
        UnitStateRecord? state = null;
        if (placement is not null)
        {
            state = (await states.ListUnitAsync(name, cancellationToken)).FirstOrDefault(s => s.Machine == placement.Machine);
        }

        return WireMapper.ToDto(record, file, placement, state);
    }
}
