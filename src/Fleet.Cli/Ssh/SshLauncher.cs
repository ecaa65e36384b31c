using System.ComponentModel;
using System.Diagnostics;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Ssh;

/// <summary>Runs the OpenSSH client with the terminal's standard streams and returns its exit code.</summary>
internal static class SshLauncher
{
    /// <exception cref="CommandFailedException">The program cannot be started.</exception>
    public static async Task<int> RunAsync(SshSettings settings, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        EnsureKnownHostsDirectory(settings);
        var start = new ProcessStartInfo(settings.Program) { UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new CommandFailedException($"Failed building SSH client: could not start {settings.Program}");
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        }
        catch (Win32Exception ex)
        {
            throw new CommandFailedException($"Failed building SSH client: could not start {settings.Program}: {ex.Message}");
        }
    }

    // OpenSSH cannot record a new host key when the known-hosts file's directory (~/.fleetctl) is missing.
    private static void EnsureKnownHostsDirectory(SshSettings settings)
    {
        var directory = Path.GetDirectoryName(settings.KnownHostsFile);
        if (settings.StrictHostKeyChecking && !string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // ssh will say what it cannot write.
            }
        }
    }
}
