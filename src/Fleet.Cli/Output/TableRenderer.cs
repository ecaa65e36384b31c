using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Cli.Hosting;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Output;

/// <summary>Prints rows as fleetctl does (legend, tab-separated cells through <see cref="TabWriter"/>) or as
/// indented JSON of the API objects.</summary>
internal static class TableRenderer
{
    private static readonly JsonSerializerOptions IndentedJson = new()
    {
        TypeInfoResolver = FleetJsonContext.Default,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task RenderAsync<T>(CliContext context, ListSelection<T> selection, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        if (selection.Json)
        {
            context.Out(JsonSerializer.Serialize(rows, IndentedJson.GetTypeInfo(typeof(IReadOnlyList<T>))));
            return;
        }

        IReadOnlyDictionary<string, Machine> machines = new Dictionary<string, Machine>(StringComparer.Ordinal);
        if (selection.Fields.Any(f => f.NeedsMachines) && rows.Count > 0)
        {
            machines = await context.GetMachinesAsync(cancellationToken);
        }

        var row = new RowContext(selection.Full, machines);
        var lines = new List<string>(rows.Count + 1);
        if (!selection.NoLegend)
        {
            lines.Add(string.Join('\t', selection.Fields.Select(f => f.Name.ToUpperInvariant())));
        }

        foreach (var item in rows)
        {
            lines.Add(string.Join('\t', selection.Fields.Select(f =>
            {
                if (f.Warning is not null)
                {
                    context.Err(f.Warning);
                }

                return f.Render(item, row);
            })));
        }

        await context.Console.Out.WriteAsync(TabWriter.Format(lines));
    }
}
