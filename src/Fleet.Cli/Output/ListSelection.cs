namespace Fleet.Cli.Output;

/// <summary>The validated presentation flags of one list command invocation.</summary>
internal sealed record ListSelection<T>(IReadOnlyList<Field<T>> Fields, bool Full, bool NoLegend, bool Json);
