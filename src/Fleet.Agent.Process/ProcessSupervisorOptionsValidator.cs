using Microsoft.Extensions.Options;

namespace Fleet.Agent.Process;

/// <summary>Checks <see cref="ProcessSupervisorOptions"/> and reports every problem at once.</summary>
public sealed class ProcessSupervisorOptionsValidator : IValidateOptions<ProcessSupervisorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ProcessSupervisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckDirectory(nameof(options.UnitsDirectory), options.UnitsDirectory, failures);
        CheckDirectory(nameof(options.StateDirectory), options.StateDirectory, failures);
        if (!string.IsNullOrWhiteSpace(options.UnitsDirectory) && !string.IsNullOrWhiteSpace(options.StateDirectory)
            && Path.TrimEndingDirectorySeparator(options.UnitsDirectory) == Path.TrimEndingDirectorySeparator(options.StateDirectory))
        {
            failures.Add($"{nameof(options.UnitsDirectory)} and {nameof(options.StateDirectory)} must differ (both are '{options.UnitsDirectory}').");
        }

        if (options.LogFileSize < 4096)
        {
            failures.Add($"{nameof(options.LogFileSize)} must be at least 4096 bytes (was {options.LogFileSize}).");
        }

        if (options.LogFileCount is < 1 or > 100)
        {
            failures.Add($"{nameof(options.LogFileCount)} must be between 1 and 100 (was {options.LogFileCount}).");
        }

        if (options.HousekeepingInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.HousekeepingInterval)} must be positive (was {options.HousekeepingInterval}).");
        }

        if (options.JournalFollowInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.JournalFollowInterval)} must be positive (was {options.JournalFollowInterval}).");
        }

        if (options.StatusLogLines < 0)
        {
            failures.Add($"{nameof(options.StatusLogLines)} must not be negative (was {options.StatusLogLines}).");
        }

        if (!Enum.IsDefined(options.ShutdownMode))
        {
            failures.Add($"{nameof(options.ShutdownMode)} must be Detach or StopUnits (was {options.ShutdownMode}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckDirectory(string option, string? path, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            failures.Add($"{option} must be set.");
        }
        else if (!Path.IsPathRooted(path))
        {
            failures.Add($"{option} must be an absolute path (was '{path}').");
        }
    }
}
