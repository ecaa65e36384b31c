namespace Fleet.Core.Units;

/// <summary>A unit's requirements with every problem found in its <c>[X-Fleet]</c> section.</summary>
/// <param name="Requirements">The requirements as the scheduler will apply them (also when there are errors).</param>
/// <param name="Errors">Combinations fleet refuses (the unit must not be submitted), all of them.</param>
/// <param name="Warnings">Things fleet ignores: unknown keys, malformed or empty values.</param>
public sealed record UnitRequirementsParseResult(
    UnitRequirements Requirements, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>True when there are no errors (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;
}
