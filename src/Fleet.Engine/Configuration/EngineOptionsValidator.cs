using Microsoft.Extensions.Options;

namespace Fleet.Engine.Configuration;

/// <summary>Checks <see cref="EngineOptions"/> at start-up and reports every problem at once.</summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var failures = new List<string>();
        if (options.ReconcileInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"Engine:{nameof(options.ReconcileInterval)} (engine_reconcile_interval) must be at least 100ms (was {options.ReconcileInterval}).");
        }

        if (options.MinRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"Engine:{nameof(options.MinRetryDelay)} must be positive (was {options.MinRetryDelay}).");
        }

        if (options.MaxRetryDelay < options.MinRetryDelay)
        {
            failures.Add($"Engine:{nameof(options.MaxRetryDelay)} ({options.MaxRetryDelay}) must not be below {nameof(options.MinRetryDelay)} ({options.MinRetryDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
