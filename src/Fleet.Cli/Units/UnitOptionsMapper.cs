using Fleet.Core.Units;
using WireOption = Fleet.Client.Contracts.UnitOption;

namespace Fleet.Cli.Units;

/// <summary>Maps between the API's option list and <see cref="UnitFile"/>.</summary>
internal static class UnitOptionsMapper
{
    public static UnitFile ToUnitFile(IReadOnlyList<WireOption>? options) =>
        UnitFile.FromOptions((options ?? []).Select(o => new UnitOption(o.Section, o.Name, o.Value)));

    public static IReadOnlyList<WireOption> ToWire(UnitFile file) =>
        [.. file.Options.Select(o => new WireOption { Section = o.Section, Name = o.Name, Value = o.Value })];
}
