using Fleet.Core.Units;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Process.Runtime;

/// <summary>Log messages of <see cref="ServiceRuntime"/> (event ids 2500-2549).</summary>
internal sealed partial class ServiceRuntime
{
    private static partial class Logs
    {
        [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "Starting {UnitName}")]
        public static partial void Starting(ILogger logger, UnitName unitName);

        [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Started {UnitName}: main PID {Pid}")]
        public static partial void Started(ILogger logger, UnitName unitName, int pid);

        [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "Finished {UnitName} (oneshot, remains active)")]
        public static partial void Finished(ILogger logger, UnitName unitName);

        [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Stopping {UnitName}")]
        public static partial void Stopping(ILogger logger, UnitName unitName);

        [LoggerMessage(EventId = 2504, Level = LogLevel.Information, Message = "{UnitName} is {ActiveState} (result {Result})")]
        public static partial void Stopped(ILogger logger, UnitName unitName, string activeState, string result);

        [LoggerMessage(EventId = 2505, Level = LogLevel.Warning, Message = "Could not start {UnitName}: {Reason}")]
        public static partial void StartFailed(ILogger logger, UnitName unitName, string reason);

        [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "{UnitName}: could not run {Command}: {Reason}")]
        public static partial void LaunchFailed(ILogger logger, UnitName unitName, string command, string reason);

        [LoggerMessage(EventId = 2507, Level = LogLevel.Information, Message = "{UnitName}: main process {Pid} exited, {Status}")]
        public static partial void MainExited(ILogger logger, UnitName unitName, int pid, ExitStatus status);

        [LoggerMessage(EventId = 2508, Level = LogLevel.Warning, Message = "{UnitName}: {Kind}={Command} failed, {Status}")]
        public static partial void ControlFailed(ILogger logger, UnitName unitName, string kind, string command, ExitStatus status);

        [LoggerMessage(EventId = 2509, Level = LogLevel.Warning, Message = "{UnitName}: state {SubState} timed out")]
        public static partial void TimedOut(ILogger logger, UnitName unitName, string subState);

        [LoggerMessage(EventId = 2510, Level = LogLevel.Warning, Message = "{UnitName}: processes remain after SIGKILL; giving up on them")]
        public static partial void ProcessesRemain(ILogger logger, UnitName unitName);

        [LoggerMessage(EventId = 2511, Level = LogLevel.Information, Message = "{UnitName}: scheduled restart in {Delay} (result {Result})")]
        public static partial void RestartScheduled(ILogger logger, UnitName unitName, TimeSpan delay, string result);

        [LoggerMessage(EventId = 2512, Level = LogLevel.Warning, Message = "{UnitName}: start request repeated too quickly ({Burst} restarts), not restarting")]
        public static partial void StartLimitHit(ILogger logger, UnitName unitName, int burst);

        [LoggerMessage(EventId = 2513, Level = LogLevel.Information, Message = "{UnitName}: re-adopted running main process {Pid}")]
        public static partial void Adopted(ILogger logger, UnitName unitName, int pid);

        [LoggerMessage(EventId = 2514, Level = LogLevel.Warning, Message = "{UnitName}: main process {Pid} exited while no supervisor was watching")]
        public static partial void LostWhileAway(ILogger logger, UnitName unitName, int pid);
    }
}
