using Fleet.Core.Units;

namespace Fleet.Api.Validation;

/// <summary>Checks a submitted unit file and parses its placement requirements.</summary>
/// <remarks>Pure: no I/O. Reports every problem at once rather than the first (fleet reported one).</remarks>
internal interface IUnitValidator
{
    /// <summary>Validates <paramref name="file"/>, submitted as <paramref name="name"/> (specifiers in
    /// <c>[X-Fleet]</c> values expand from the name).</summary>
    UnitValidationResult Validate(UnitName name, UnitFile file);
}
