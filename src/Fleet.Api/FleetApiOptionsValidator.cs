using Microsoft.Extensions.Options;

namespace Fleet.Api;

/// <summary>Checks <see cref="FleetApiOptions"/> at start-up and reports every problem at once.</summary>
internal sealed class FleetApiOptionsValidator : IValidateOptions<FleetApiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FleetApiOptions options)
    {
        var failures = new List<string>();
        if (options.TokenLimit is < 1 or > ushort.MaxValue)
        {
            failures.Add($"{nameof(options.TokenLimit)} (token_limit) must be between 1 and {ushort.MaxValue} (was {options.TokenLimit}).");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add($"{nameof(options.MaxRequestBodyBytes)} must be positive (was {options.MaxRequestBodyBytes}).");
        }

        if (string.IsNullOrWhiteSpace(options.ServerVersion) || options.ServerVersion.Any(char.IsControl))
        {
            failures.Add($"{nameof(options.ServerVersion)} must be non-empty text without control characters (was '{options.ServerVersion}').");
        }

        if (string.IsNullOrWhiteSpace(options.RegistryUnavailableMessage))
        {
            failures.Add($"{nameof(options.RegistryUnavailableMessage)} must not be empty.");
        }

        if (options.GzipMinimumBytes < 0)
        {
            failures.Add($"{nameof(options.GzipMinimumBytes)} must not be negative (was {options.GzipMinimumBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
