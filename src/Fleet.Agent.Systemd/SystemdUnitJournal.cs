using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Systemd;

/// <summary>A unit's journal and status where systemd runs the units: <c>journalctl --unit NAME --lines N
/// --no-pager --output MODE [--follow]</c> and <c>systemctl status --full --no-pager NAME</c>, as coreos/fleet's
/// <c>fleetctl journal</c>/<c>status</c> ran them over ssh.</summary>
/// <remarks>
/// With <see cref="SystemdUnitManagerOptions.SystemdUser"/> the user journal/manager is used (<c>--user-unit</c>,
/// <c>systemctl --user</c>). Both commands run through <see cref="SystemdUnitManagerOptions.CommandPrefix"/>, so
/// an agent outside systemd's mount namespace (systemd in a container) reads that systemd's journal. A following
/// read ends when the caller cancels; the <c>journalctl</c> process is killed then.
/// </remarks>
public sealed partial class SystemdUnitJournal : IUnitJournal
{
    private readonly SystemdUnitManagerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the journal reader; validates the options (all problems at once).</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public SystemdUnitJournal(IOptions<SystemdUnitManagerOptions> options, ILogger<SystemdUnitJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var result = new SystemdUnitManagerOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SystemdUnitManagerOptions), result.Failures);
        }

        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <remarks>Every mode journalctl knows: it is passed on as <c>--output MODE</c>.</remarks>
    public bool SupportsOutput(JournalOutput output) => true;

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadAsync(UnitName name, int lines, bool follow, JournalOutput output, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        List<string> command =
        [
            "journalctl", _options.SystemdUser ? "--user-unit" : "--unit", name.Value,
            "--lines", lines.ToString(CultureInfo.InvariantCulture), "--no-pager", "--output", output.Mode,
        ];
        if (follow)
        {
            command.Add("--follow");
        }

        using var process = Start(name, command);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!follow)
        {
            limit.CancelAfter(_options.CommandTimeout);
        }

        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            while (true)
            {
                var line = await ReadLineAsync(process, name, limit.Token, cancellationToken);
                if (line is null)
                {
                    break;
                }

                yield return line;
            }

            await WaitForExitAsync(process, name, limit.Token, cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new UnitManagerException(
                    $"journalctl could not read the journal of {name} (exit code {process.ExitCode}): {(await stderr).Trim()}");
            }
        }
        finally
        {
            Kill(process);
            await Observe(stderr);
        }
    }

    /// <inheritdoc />
    public async ValueTask<string> GetStatusTextAsync(UnitName name, CancellationToken cancellationToken)
    {
        List<string> command = ["systemctl"];
        if (_options.SystemdUser)
        {
            command.Add("--user");
        }

        command.AddRange(["status", "--full", "--no-pager", "--", name.Value]);
        using var process = Start(name, command);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.CommandTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            await WaitForExitAsync(process, name, limit.Token, cancellationToken);
            var text = await stdout;
            var errors = await stderr;

            // systemctl status exits 0 (active), 3 (not active) or 4 (no such unit); all are answers.
            if (text.Length == 0 && process.ExitCode is not (0 or 3 or 4))
            {
                throw new UnitManagerException($"systemctl status {name} failed (exit code {process.ExitCode}): {errors.Trim()}");
            }

            return text.Length > 0 ? text : errors;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnitManagerException($"systemctl status {name} did not finish within {_options.CommandTimeout}.");
        }
        finally
        {
            Kill(process);
        }
    }

    private static async Task<string?> ReadLineAsync(System.Diagnostics.Process process, UnitName name, CancellationToken limit, CancellationToken caller)
    {
        try
        {
            return await process.StandardOutput.ReadLineAsync(limit);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new UnitManagerException($"journalctl for {name} did not finish in time.");
        }
    }

    private static async Task WaitForExitAsync(System.Diagnostics.Process process, UnitName name, CancellationToken limit, CancellationToken caller)
    {
        try
        {
            await process.WaitForExitAsync(limit);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new UnitManagerException($"The command for {name} did not finish in time.");
        }
    }

    private static async Task Observe(Task<string> task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the process was killed; its error output does not matter any more
        }
    }

    private void Kill(System.Diagnostics.Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            LogKillFailed(process.Id, e);
        }
    }

    private System.Diagnostics.Process Start(UnitName name, List<string> command)
    {
        var words = _options.CommandPrefix.Concat(command).ToList();
        var info = new ProcessStartInfo(words[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var word in words.Skip(1))
        {
            info.ArgumentList.Add(word);
        }

        info.Environment["SYSTEMD_COLORS"] = "0";
        info.Environment["SYSTEMD_PAGER"] = string.Empty;
        var commandLine = string.Join(' ', words);
        LogRunning(name.Value, commandLine);
        try
        {
            var process = System.Diagnostics.Process.Start(info) ?? throw new UnitManagerException($"Cannot start '{words[0]}' for {name}.");
            process.StandardInput.Close();
            return process;
        }
        catch (Win32Exception e)
        {
            throw new UnitManagerException($"Cannot run '{commandLine}' for {name}: {e.Message}", e);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Reading {Unit}: {Command}")]
    private partial void LogRunning(string unit, string command);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Could not kill process {Pid}")]
    private partial void LogKillFailed(int pid, Exception exception);
}
