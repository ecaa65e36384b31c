using Fleet.Core.Machines;
using Microsoft.Extensions.Logging;

namespace Fleet.Engine;

/// <summary>Log messages of <see cref="EngineService"/>.</summary>
public sealed partial class EngineService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EngineEventIds.Base + 1, Level = LogLevel.Information, Message = "Not starting engine; disable-engine is set")]
        public static partial void EngineDisabled(ILogger logger);

        [LoggerMessage(EventId = EngineEventIds.Base + 2, Level = LogLevel.Information,
            Message = "Engine leadership acquired by machine {MachineId} (term {Term}, lease TTL {Ttl})")]
        public static partial void LeadershipAcquired(ILogger logger, MachineId machineId, long term, TimeSpan ttl);

        [LoggerMessage(EventId = EngineEventIds.Base + 3, Level = LogLevel.Information,
            Message = "Engine leadership lost by machine {MachineId} (term {Term}); no more schedule writes, campaigning again")]
        public static partial void LeadershipLost(ILogger logger, MachineId machineId, long term);

        [LoggerMessage(EventId = EngineEventIds.Base + 4, Level = LogLevel.Warning, Message = "Could not campaign for engine leadership; retrying in {Delay}")]
        public static partial void CampaignFailed(ILogger logger, Exception exception, TimeSpan delay);

        [LoggerMessage(EventId = EngineEventIds.Base + 5, Level = LogLevel.Warning,
            Message = "Store unavailable while machine {MachineId} led (term {Term}); resigning and campaigning again")]
        public static partial void TermFailed(ILogger logger, Exception exception, MachineId machineId, long term);

        [LoggerMessage(EventId = EngineEventIds.Base + 6, Level = LogLevel.Warning, Message = "Could not resign engine leadership; the lease expires by itself")]
        public static partial void ResignFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EngineEventIds.Base + 7, Level = LogLevel.Information, Message = "Engine starting for machine {MachineId} ({Mode})")]
        public static partial void EngineStarting(ILogger logger, MachineId machineId, string mode);
    }
}
