using Fleet.DBus;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd;

/// <summary>Checks <see cref="SystemdUnitManagerOptions"/> and reports every problem at once.</summary>
public sealed class SystemdUnitManagerOptionsValidator : IValidateOptions<SystemdUnitManagerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SystemdUnitManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var address = options.ResolveBusAddress();
        if (address.Length == 0)
        {
            failures.Add($"{nameof(options.BusAddress)} is not set and neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set for {nameof(options.SystemdUser)}=true.");
        }
        else if (!DBusAddress.TryParse(address, out _, out var error))
        {
            failures.Add($"{nameof(options.BusAddress)}: {error}");
        }

        if (string.IsNullOrWhiteSpace(options.UnitsDirectory))
        {
            failures.Add($"{nameof(options.UnitsDirectory)} must be set.");
        }
        else if (!Path.IsPathRooted(options.UnitsDirectory))
        {
            failures.Add($"{nameof(options.UnitsDirectory)} must be an absolute path (was '{options.UnitsDirectory}').");
        }

        if (options.ReconnectMinDelay <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.ReconnectMinDelay)} must be positive (was {options.ReconnectMinDelay}).");
        }

        if (options.ReconnectMaxDelay < options.ReconnectMinDelay)
        {
            failures.Add($"{nameof(options.ReconnectMaxDelay)} ({options.ReconnectMaxDelay}) must not be less than {nameof(options.ReconnectMinDelay)} ({options.ReconnectMinDelay}).");
        }

        if (options.CommandPrefix is null || options.CommandPrefix.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{nameof(options.CommandPrefix)} must not be null or contain empty words.");
        }

        if (options.MaxUnitMatchRules is < 0 or > 500)
        {
            failures.Add($"{nameof(options.MaxUnitMatchRules)} must be between 0 and 500 (was {options.MaxUnitMatchRules}).");
        }

        if (options.MaxPendingJobs is < 1 or > 400)
        {
            failures.Add($"{nameof(options.MaxPendingJobs)} must be between 1 and 400 (was {options.MaxPendingJobs}).");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.CommandTimeout)} must be positive (was {options.CommandTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
