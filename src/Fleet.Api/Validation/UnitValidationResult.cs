using Fleet.Core.Units;

namespace Fleet.Api.Validation;

/// <summary>The outcome of validating a submitted unit file.</summary>
/// <param name="Requirements">The parsed <c>[X-Fleet]</c> requirements (meaningful only without errors).</param>
/// <param name="Errors">Every problem found, in fleet's words; empty when the unit is valid.</param>
internal sealed record UnitValidationResult(UnitRequirements Requirements, IReadOnlyList<string> Errors)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Errors.Count == 0;
}
