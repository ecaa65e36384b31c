using Fleet.Cli.Output;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary>The columns of <c>list-machines</c>.</summary>
internal static class ListMachinesFields
{
    public const string Default = "machine,ip,metadata";

    public static IReadOnlyList<Field<Machine>> All { get; } =
    [
        new("ip", (m, _) => RowContext.OrDash(m.PrimaryIp)),
        new("machine", (m, r) => MachineLegend.Id(m.Id, r.Full)),
        new("metadata", (m, _) => FormatMetadata(m.Metadata)),
    ];

    public static string Description => $"Columns to print for each Machine. Valid fields are \"{string.Join(',', All.Select(f => f.Name))}\"";

    /// <summary><c>k=v</c> pairs sorted by key, joined by commas; <c>-</c> when empty.</summary>
    public static string FormatMetadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null || metadata.Count == 0
            ? "-"
            : string.Join(',', metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
