namespace Fleet.Core.Units;

/// <summary>Everything wrong with a submitted unit, found at once.</summary>
/// <param name="Requirements">The unit's <c>[X-Fleet]</c> requirements as the scheduler will apply them.</param>
/// <param name="Errors">Problems that make fleet refuse the unit (HTTP 400), all of them.</param>
/// <param name="Warnings">Problems fleet tolerates (unknown <c>[X-Fleet]</c> keys, ignored values, options that
/// change slightly when serialised); fleetctl prints them, the API ignores them.</param>
public sealed record UnitValidationReport(
    UnitRequirements Requirements, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>True when there are no errors (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;
}
