using Microsoft.Extensions.Options;

namespace Fleet.Agent.Configuration;

/// <summary>Checks <see cref="AgentOptions"/> at start-up and reports every problem at once.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var failures = new List<string>();
        if (options.AgentTtl < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Agent:{nameof(options.AgentTtl)} (agent_ttl) must be at least 1s (was {options.AgentTtl}).");
        }

        if (string.IsNullOrWhiteSpace(options.UnitsDirectory) || !Path.IsPathRooted(options.UnitsDirectory))
        {
            failures.Add($"Agent:{nameof(options.UnitsDirectory)} (units_directory) must be an absolute path (was '{options.UnitsDirectory}').");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"Agent:{nameof(options.PollInterval)} must be positive (was {options.PollInterval}).");
        }

        if (options.MinRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"Agent:{nameof(options.MinRetryDelay)} must be positive (was {options.MinRetryDelay}).");
        }

        if (options.MaxRetryDelay < options.MinRetryDelay)
        {
            failures.Add($"Agent:{nameof(options.MaxRetryDelay)} ({options.MaxRetryDelay}) must not be below {nameof(options.MinRetryDelay)} ({options.MinRetryDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
