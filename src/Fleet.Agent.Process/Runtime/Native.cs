using System.Runtime.InteropServices;

namespace Fleet.Agent.Process.Runtime;

/// <summary>The few libc calls .NET does not expose: signals to process groups and the effective user.</summary>
internal static partial class Native
{
    private const int Esrch = 3;

    /// <summary>Sends <paramref name="signal"/> to a process (<paramref name="pid"/> &gt; 0) or a process group
    /// (<paramref name="pid"/> &lt; 0). Returns false when no such process exists.</summary>
    public static bool SendSignal(int pid, int signal)
    {
        if (pid == 0 || pid == -1)
        {
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "refusing to signal every process");
        }

        return Kill(pid, signal) == 0 || Marshal.GetLastPInvokeError() != Esrch;
    }

    /// <summary>True when the supervisor runs as root (it can then honour <c>User=</c>/<c>Group=</c>).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
