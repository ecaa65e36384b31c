namespace Fleet.Core.Units;

/// <summary>The checks a unit must pass before it is stored (fleet's <c>api.ValidateOptions</c>, run by the
/// API and, before sending, by fleetctl), reporting every problem at once.</summary>
/// <remarks>
/// <para>Options: each one must read back from its serialised form. fleet only checked that the serialised
/// unit parses again (line length, malformed section or option names); here each problem names its option
/// (<c>option [Service] ExecStart: line too long (max 2048 bytes)</c>). A value ending in a backslash that is
/// followed by another option of its section is an error (the continuation would swallow that option); other
/// read-back differences, such as whitespace around a value, are warnings.</para>
/// <para>Requirements: see <see cref="UnitRequirementsParser"/>.</para>
/// </remarks>
public static class UnitValidation
{
    /// <summary>Validates <paramref name="file"/> submitted under <paramref name="name"/>.</summary>
    public static UnitValidationReport Validate(UnitName name, UnitFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<string>();
        var warnings = new List<string>();
        foreach (var option in file.Options)
        {
            CheckReadBack(option, errors, warnings);
        }

        CheckContinuations(file, errors, warnings);
        var requirements = UnitRequirementsParser.Parse(name, file);
        errors.AddRange(requirements.Errors);
        warnings.AddRange(requirements.Warnings);
        return new UnitValidationReport(requirements.Requirements, errors, warnings);
    }

    private static void CheckReadBack(UnitOption option, List<string> errors, List<string> warnings)
    {
        var where = $"option [{option.Section}] {option.Name}";
        var parsed = UnitFileParser.Parse(UnitFile.FromOptions([option]).Serialize());
        if (!parsed.Success)
        {
            errors.AddRange(parsed.Errors.Select(e => $"{where}: {WithoutLine(e)}").Distinct(StringComparer.Ordinal));
            return;
        }

        var back = parsed.File!.Options;
        if (back.Length != 1 || back[0].Section != option.Section || back[0].Name != option.Name.Trim())
        {
            var seen = string.Join(", ", back.Select(o => $"[{o.Section}] {o.Name}"));
            errors.Add($"{where}: does not survive serialisation; it reads back as {(seen.Length == 0 ? "nothing" : seen)}");
        }
        else if (back[0] != option && !EndsInContinuation(option.Value)) // continuations: CheckContinuations
        {
            warnings.Add($"{where}: reads back as {GoQuote.String(back[0].Name)}={GoQuote.String(back[0].Value)} once serialised");
        }
    }

    private static void CheckContinuations(UnitFile file, List<string> errors, List<string> warnings)
    {
        var options = file.Options;
        for (var i = 0; i < options.Length; i++)
        {
            if (!EndsInContinuation(options[i].Value))
            {
                continue;
            }

            var where = $"option [{options[i].Section}] {options[i].Name}";
            var next = options.Skip(i + 1).FirstOrDefault(o => o.Section == options[i].Section);
            if (next is not null)
            {
                errors.Add($"{where}: value ends in a backslash, which would continue it onto the next option ({next.Name}) once serialised");
            }
            else
            {
                warnings.Add($"{where}: value ends in a backslash, so it reads back with a newline appended once serialised");
            }
        }
    }

    private static bool EndsInContinuation(string value) => value.EndsWith('\\');

    private static string WithoutLine(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        return error.StartsWith("line ", StringComparison.Ordinal) && colon > 0 ? error[(colon + 2)..] : error;
    }
}
