namespace Fleet.Core.Units;

/// <summary>fleet's unit name rules (reference §3.1), with its messages.</summary>
internal static class UnitNameRules
{
    /// <summary>Returns the message for the first rule <paramref name="text"/> breaks, or null if valid.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "unit name cannot be empty";
        }

        // Placeholder until the full rule set lands (issue 2): the name must at least have a type and no
        // path separator, so that it is safe as a file name.
        if (text.Contains('/', StringComparison.Ordinal) || text.Contains('\0', StringComparison.Ordinal))
        {
            return $"unit name \"{text}\" must not contain '/' or NUL";
        }

        var dot = text.LastIndexOf('.');
        return dot <= 0 || dot == text.Length - 1 ? "unit name must contain \".\"" : null;
    }
}
