namespace Fleet.Core.Units;

/// <summary>The outcome of parsing unit file text.</summary>
/// <param name="File">The unit file, or null when there were errors.</param>
/// <param name="Errors">Every problem found, each naming its line (empty on success).</param>
public sealed record UnitFileParseResult(UnitFile? File, IReadOnlyList<string> Errors)
{
    /// <summary>True when the text parsed.</summary>
    public bool Success => File is not null;
}
