using System.Globalization;
using System.Text;
using Fleet.Agent.Process.Definitions;

namespace Fleet.Agent.Process.Runtime;

/// <summary>Formats a <see cref="UnitStatus"/> like <c>systemctl status -l</c>.</summary>
internal static class StatusTextFormatter
{
    /// <summary>The status text, ending with the given output lines.</summary>
    public static string Format(UnitStatus status, DateTimeOffset now, IReadOnlyList<string> logLines)
    {
        var text = new StringBuilder();
        var dot = status.ActiveState is "active" or "failed" or "activating" or "deactivating" ? "●" : "○";
        text.Append(dot).Append(' ').Append(status.Name);
        if (status.Description.Length > 0)
        {
            text.Append(" - ").Append(status.Description);
        }

        text.Append('\n');
        text.Append("     Loaded: ").Append(status.LoadState);
        text.Append(status.LoadState == "loaded"
            ? $" ({status.UnitFilePath}; static)"
            : $" (Reason: Unit {status.Name} has a bad unit file setting.)");
        text.Append('\n');

        text.Append("     Active: ").Append(status.ActiveState);
        text.Append(status.ActiveState == "failed" ? $" (Result: {status.Result})" : $" ({status.SubState})");
        var ago = now - status.Since;
        text.Append(" since ").Append(status.Since.UtcDateTime.ToString("ddd yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
            .Append("; ").Append(ago < TimeSpan.FromSeconds(1) ? "0s" : SystemdTimeSpan.Format(TimeSpan.FromSeconds(Math.Floor(ago.TotalSeconds))))
            .Append(" ago\n");

        foreach (var line in status.ProcessLines.Where(l => l.StartsWith("Process:", StringComparison.Ordinal)))
        {
            text.Append("    ").Append(line).Append('\n');
        }

        if (status.MainPid is { } pid)
        {
            text.Append("   Main PID: ").Append(pid.ToString(CultureInfo.InvariantCulture));
            text.Append(status.MainRunning
                ? $" ({status.MainCommand})"
                : $" ({status.MainExit ?? "code=exited, status=unknown"})");
            text.Append('\n');
        }

        if (status.FailureMessage is { } failure)
        {
            text.Append("     Reason: ").Append(failure).Append('\n');
        }

        foreach (var error in status.Errors)
        {
            text.Append("      Error: ").Append(error).Append('\n');
        }

        if (status.Unsupported.Count > 0)
        {
            text.Append("     Notice: ignored by the process supervisor: ").Append(string.Join(", ", status.Unsupported)).Append('\n');
        }

        if (logLines.Count > 0)
        {
            text.Append('\n');
            foreach (var line in logLines)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }
}
