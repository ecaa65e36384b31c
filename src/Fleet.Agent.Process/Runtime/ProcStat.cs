using System.Globalization;

namespace Fleet.Agent.Process.Runtime;

/// <summary>What <c>/proc/PID/stat</c> says about a process: enough to tell a live process from a
/// zombie, to detect PID reuse (start time) and to find the members of a process group.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="Command">The command name (<c>comm</c>).</param>
/// <param name="State">The state letter (<c>R</c>, <c>S</c>, <c>Z</c> …).</param>
/// <param name="ProcessGroup">The process group id.</param>
/// <param name="StartTime">Start time in clock ticks after boot.</param>
internal sealed record ProcStat(int Pid, string Command, char State, int ProcessGroup, long StartTime)
{
    private static readonly Lazy<string> BootIdValue = new(() =>
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    });

    /// <summary>This boot's id; a PID recorded under another boot id is not ours any more.</summary>
    public static string BootId => BootIdValue.Value;

    /// <summary>True for a process that has not exited (zombies have exited).</summary>
    public bool IsAlive => State is not 'Z' and not 'X';

    /// <summary>Reads a process's stat line, or null when it does not exist.</summary>
    public static ProcStat? TryRead(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return TryParse(pid, text);
    }

    /// <summary>Parses a stat line; the command may contain spaces and parentheses, so fields are counted
    /// from the last <c>)</c>.</summary>
    public static ProcStat? TryParse(int pid, string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); pgrp is field 5; starttime is field 22.
        if (fields.Length < 20
            || !int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pgrp)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new ProcStat(pid, text[(open + 1)..close], fields[0][0], pgrp, start);
    }

    /// <summary>True when the process with this PID is alive and is the one that started at
    /// <paramref name="startTime"/> (not a later process that reused the PID).</summary>
    public static bool IsSameAlive(int pid, long startTime) =>
        TryRead(pid) is { IsAlive: true } stat && stat.StartTime == startTime;

    /// <summary>The live (non-zombie) members of a process group.</summary>
    public static List<ProcStat> GroupMembers(int processGroup)
    {
        var members = new List<ProcStat>();
        if (processGroup <= 0)
        {
            return members;
        }

        // A signal 0 probe answers "nobody" cheaply; zombies (whose parent does not reap them) still
        // answer "someone", so a positive answer is checked against /proc.
        if (!Native.SendSignal(-processGroup, 0))
        {
            return members;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryRead(pid) is { IsAlive: true } stat && stat.ProcessGroup == processGroup)
            {
                members.Add(stat);
            }
        }

        return members;
    }
}
