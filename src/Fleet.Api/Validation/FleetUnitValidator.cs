using Fleet.Core.Units;

namespace Fleet.Api.Validation;

/// <summary>fleet's submit-time checks (<c>api.ValidateOptions</c>, reference §3.2) through Fleet.Core's
/// <see cref="UnitValidation"/>: the go-systemd round trip (line length, malformed names), peer/conflict/replace
/// clashes and the forbidden requirement combinations, every problem reported. Warnings (unknown
/// <c>[X-Fleet]</c> keys and the like) are for fleetctl; the API ignores them, as fleet did.</summary>
internal sealed class FleetUnitValidator : IUnitValidator
{
    /// <inheritdoc />
    public UnitValidationResult Validate(UnitName name, UnitFile file)
    {
        var report = UnitValidation.Validate(name, file);
        return new UnitValidationResult(report.Requirements, report.Errors);
    }
}
