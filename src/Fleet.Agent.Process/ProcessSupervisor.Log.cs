using Fleet.Core.Units;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Process;

/// <summary>Log messages of <see cref="ProcessSupervisor"/> (event ids 2550-2599).</summary>
public sealed partial class ProcessSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2550, Level = LogLevel.Information, Message = "Process supervisor ready: {UnitCount} units loaded from {UnitsDirectory}, {AdoptedCount} running units re-adopted (state in {StateDirectory})")]
        public static partial void Initialized(ILogger logger, int unitCount, int adoptedCount, string unitsDirectory, string stateDirectory);

        [LoggerMessage(EventId = 2551, Level = LogLevel.Warning, Message = "{UnitName}: directives not supported by the process supervisor are ignored: {Directives}")]
        public static partial void UnsupportedDirectives(ILogger logger, UnitName unitName, string directives);

        [LoggerMessage(EventId = 2552, Level = LogLevel.Warning, Message = "{UnitName} has a bad unit file setting and cannot start: {Errors}")]
        public static partial void BadSetting(ILogger logger, UnitName unitName, string errors);

        [LoggerMessage(EventId = 2553, Level = LogLevel.Warning, Message = "Skipping unit file {Path}: {Reason}")]
        public static partial void UnitFileUnreadable(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 2554, Level = LogLevel.Warning, Message = "{UnitName}: log rotation or process check failed")]
        public static partial void HousekeepingFailed(ILogger logger, UnitName unitName, Exception exception);

        [LoggerMessage(EventId = 2555, Level = LogLevel.Warning, Message = "{UnitName}: could not write its state; a supervisor restart may not re-adopt it")]
        public static partial void PersistFailed(ILogger logger, UnitName unitName, Exception exception);

        [LoggerMessage(EventId = 2556, Level = LogLevel.Warning, Message = "{UnitName}: ignoring unreadable saved state {Path}")]
        public static partial void PersistedStateUnreadable(ILogger logger, UnitName unitName, string path, Exception exception);

        [LoggerMessage(EventId = 2557, Level = LogLevel.Information, Message = "Process supervisor shutting down ({Mode}) with {UnitCount} units")]
        public static partial void ShuttingDown(ILogger logger, SupervisorShutdownMode mode, int unitCount);
    }
}
