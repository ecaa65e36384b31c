using Fleet.Core.Machines;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent;

/// <summary>Log messages of <see cref="AgentService"/>.</summary>
public sealed partial class AgentService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.Base + 40, Level = LogLevel.Information, Message = "Agent starting for machine {MachineId} ({Mode} its schedule)")]
        public static partial void Starting(ILogger logger, MachineId machineId, string mode);

        [LoggerMessage(EventId = AgentEventIds.Base + 41, Level = LogLevel.Information, Message = "Re-adopted {Count} unit(s) already loaded on this machine: {Units}")]
        public static partial void UnitsAdopted(ILogger logger, int count, IEnumerable<UnitName> units);

        [LoggerMessage(EventId = AgentEventIds.Base + 42, Level = LogLevel.Warning, Message = "Could not list the units loaded on this machine; retrying in {Delay}")]
        public static partial void AdoptFailed(ILogger logger, Exception exception, TimeSpan delay);

        [LoggerMessage(EventId = AgentEventIds.Base + 43, Level = LogLevel.Information, Message = "Machine {MachineId} joined the cluster (presence TTL {Ttl})")]
        public static partial void Registered(ILogger logger, MachineId machineId, TimeSpan ttl);

        [LoggerMessage(EventId = AgentEventIds.Base + 44, Level = LogLevel.Error,
            Message = "Machine ID {MachineId} is already present in the cluster: another fleetd with the same machine ID is running (check /etc/machine-id or machine_id); retrying in {Delay}")]
        public static partial void DuplicateMachineId(ILogger logger, MachineId machineId, TimeSpan delay);

        [LoggerMessage(EventId = AgentEventIds.Base + 45, Level = LogLevel.Warning, Message = "Could not register machine {MachineId}; retrying in {Delay}")]
        public static partial void RegisterFailed(ILogger logger, Exception exception, MachineId machineId, TimeSpan delay);

        [LoggerMessage(EventId = AgentEventIds.Base + 46, Level = LogLevel.Warning,
            Message = "Store unavailable; {Count} local unit(s) keep running, reconnecting in {Delay}")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception, int count, TimeSpan delay);

        [LoggerMessage(EventId = AgentEventIds.Base + 47, Level = LogLevel.Warning,
            Message = "Presence of machine {MachineId} was lost; local units keep running, registering again")]
        public static partial void PresenceLost(ILogger logger, MachineId machineId);

        [LoggerMessage(EventId = AgentEventIds.Base + 48, Level = LogLevel.Debug, Message = "Read the schedule of machine {MachineId}: {Count} unit(s) at revision {Revision}")]
        public static partial void ScheduleRead(ILogger logger, MachineId machineId, int count, long revision);

        [LoggerMessage(EventId = AgentEventIds.Base + 49, Level = LogLevel.Information, Message = "Schedule watch of machine {MachineId} was reset: {Count} unit(s) at revision {Revision}")]
        public static partial void ScheduleReset(ILogger logger, MachineId machineId, int count, long revision);

        [LoggerMessage(EventId = AgentEventIds.Base + 50, Level = LogLevel.Warning, Message = "Reconciliation did not complete; retrying in {Delay}")]
        public static partial void PassFailed(ILogger logger, TimeSpan delay);

        [LoggerMessage(EventId = AgentEventIds.Base + 51, Level = LogLevel.Warning, Message = "Could not read local unit states")]
        public static partial void StateReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.Base + 52, Level = LogLevel.Information, Message = "Agent shutting down: stopping and unloading {Count} local unit(s)")]
        public static partial void Purging(ILogger logger, int count);

        [LoggerMessage(EventId = AgentEventIds.Base + 53, Level = LogLevel.Warning, Message = "Could not unload unit {UnitName} while shutting down")]
        public static partial void PurgeUnloadFailed(ILogger logger, Exception exception, UnitName unitName);

        [LoggerMessage(EventId = AgentEventIds.Base + 54, Level = LogLevel.Warning, Message = "Could not reload unit files while shutting down")]
        public static partial void PurgeReloadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.Base + 55, Level = LogLevel.Warning, Message = "Could not remove unit states while shutting down; they expire with the presence")]
        public static partial void PurgeStatesFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.Base + 56, Level = LogLevel.Information, Message = "Agent detaching: {Count} local unit(s) keep running")]
        public static partial void Detaching(ILogger logger, int count);

        [LoggerMessage(EventId = AgentEventIds.Base + 57, Level = LogLevel.Warning, Message = "Could not remove the presence of machine {MachineId}; it expires after the agent TTL")]
        public static partial void SessionDisposeFailed(ILogger logger, Exception exception, MachineId machineId);

        [LoggerMessage(EventId = AgentEventIds.Base + 58, Level = LogLevel.Information, Message = "Machine {MachineId} re-announced: public IP {PublicIp}, metadata {Metadata}")]
        public static partial void Announced(ILogger logger, MachineId machineId, string publicIp, IReadOnlyDictionary<string, string> metadata);

        [LoggerMessage(EventId = AgentEventIds.Base + 59, Level = LogLevel.Warning, Message = "Could not re-announce machine {MachineId}; it keeps its previous announcement until the next reload")]
        public static partial void AnnounceFailed(ILogger logger, Exception exception, MachineId machineId);

        [LoggerMessage(EventId = AgentEventIds.Base + 60, Level = LogLevel.Debug, Message = "Reconcile pass over {UnitCount} unit(s) ({Scope}): {TaskCount} task(s)")]
        public static partial void PassPlanned(ILogger logger, int unitCount, string scope, int taskCount);
    }
}
