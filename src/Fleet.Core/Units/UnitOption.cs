namespace Fleet.Core.Units;

/// <summary>One <c>Name=Value</c> line of a unit file, with the section it sits in.</summary>
/// <param name="Section">Section name without brackets, e.g. <c>Service</c>.</param>
/// <param name="Name">Option name, trimmed.</param>
/// <param name="Value">Option value, trimmed; continuation lines keep their backslash and newline.</param>
public sealed record UnitOption(string Section, string Name, string Value);
