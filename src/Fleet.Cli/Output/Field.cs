namespace Fleet.Cli.Output;

/// <summary>One selectable column of a list command.</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="Name">The key used in <c>--fields</c>; the header is its upper-case form.</param>
/// <param name="Render">The cell text (fleetctl prints <c>-</c> for empty values).</param>
/// <param name="NeedsMachines">True when the cell shows a machine legend (the machine list is fetched then).</param>
/// <param name="Warning">Printed to standard error each time the field is rendered (deprecated fields).</param>
internal sealed record Field<T>(string Name, Func<T, RowContext, string> Render, bool NeedsMachines = false, string? Warning = null);
