using System.CommandLine;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Output;

/// <summary>The flags list commands share: <c>--full</c> (<c>-l</c>, <c>--l</c>), <c>--no-legend</c>,
/// <c>--fields</c> and <c>--output</c>/<c>-o</c>.</summary>
internal sealed class ListFlags
{
    private readonly string _fieldsDescription;

    public ListFlags(bool shortFull, string defaultFields, string fieldsDescription)
    {
        _fieldsDescription = fieldsDescription;
        Full = shortFull
            ? new Option<bool>("--full", "-l", "--l") { Description = "Do not ellipsize fields on output" }
            : new Option<bool>("--full") { Description = "Do not ellipsize fields on output" };
        Fields = new Option<string>("--fields") { Description = fieldsDescription, DefaultValueFactory = _ => defaultFields };
    }

    public Option<bool> Full { get; }

    public Option<bool> NoLegend { get; } = new("--no-legend") { Description = "Do not print a legend (column headers)" };

    public Option<string> Fields { get; }

    public Option<string> OutputFormat { get; } = new("--output", "-o")
    {
        Description = "Output format: \"table\" (fleet's tab-separated columns) or \"json\" (the API objects).",
        DefaultValueFactory = _ => "table",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Full);
        command.Options.Add(NoLegend);
        command.Options.Add(Fields);
        command.Options.Add(OutputFormat);
    }

    /// <summary>Validates the flags against the command's field set, with fleetctl's messages.</summary>
    /// <exception cref="CommandFailedException"><c>Must define output format</c>,
    /// <c>Invalid key in output format: "x"</c> or an unknown <c>--output</c>.</exception>
    public ListSelection<T> Read<T>(ParseResult parse, IReadOnlyList<Field<T>> available)
    {
        var output = parse.GetValue(OutputFormat) ?? "table";
        if (output is not "table" and not "json")
        {
            throw new CommandFailedException($"Invalid output format \"{output}\": use \"table\" or \"json\"");
        }

        var fieldsText = parse.GetValue(Fields) ?? string.Empty;
        if (fieldsText.Length == 0)
        {
            throw new CommandFailedException("Must define output format");
        }

        var selected = new List<Field<T>>();
        foreach (var key in fieldsText.Split(','))
        {
            var field = available.FirstOrDefault(f => f.Name == key)
                ?? throw new CommandFailedException($"Invalid key in output format: \"{key}\"");
            selected.Add(field);
        }

        return new ListSelection<T>(selected, parse.GetValue(Full), parse.GetValue(NoLegend), output == "json");
    }

    public override string ToString() => _fieldsDescription;
}
