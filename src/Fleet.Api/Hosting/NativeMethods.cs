using System.Runtime.InteropServices;

namespace Fleet.Api.Hosting;

/// <summary>libc calls the listener setup needs.</summary>
internal static partial class NativeMethods
{
    private const int SetDescriptorFlags = 2; // F_SETFD
    private const int CloseOnExec = 1;        // FD_CLOEXEC

    /// <summary>Marks a descriptor close-on-exec, so that processes fleetd starts do not inherit a listener
    /// passed by systemd.</summary>
    /// <returns>False when the call failed (the descriptor is then still usable).</returns>
    public static bool TrySetCloseOnExec(int descriptor) =>
        OperatingSystem.IsLinux() && Fcntl(descriptor, SetDescriptorFlags, CloseOnExec) == 0;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Fcntl(int descriptor, int command, int argument);
}
