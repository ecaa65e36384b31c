using Fleet.Core.Machines;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging;

namespace Fleet.Engine;

/// <summary>Log messages of <see cref="LeaderTerm"/>.</summary>
internal sealed partial class LeaderTerm
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EngineEventIds.Base + 20, Level = LogLevel.Information,
            Message = "Engine loaded {Units} unit(s), {Machines} machine(s) and {Entries} schedule entries")]
        public static partial void TermLoaded(ILogger logger, int units, int machines, int entries);

        [LoggerMessage(EventId = EngineEventIds.Base + 21, Level = LogLevel.Information, Message = "Scheduled unit {UnitName} to machine {MachineId}: {Reason}")]
        public static partial void UnitScheduled(ILogger logger, UnitName unitName, MachineId machineId, string reason);

        [LoggerMessage(EventId = EngineEventIds.Base + 22, Level = LogLevel.Information, Message = "Unscheduled unit {UnitName} from machine {MachineId}: {Reason}")]
        public static partial void UnitUnscheduled(ILogger logger, UnitName unitName, MachineId machineId, string reason);

        [LoggerMessage(EventId = EngineEventIds.Base + 23, Level = LogLevel.Information, Message = "Machine {MachineId} joined the cluster")]
        public static partial void MachineJoined(ILogger logger, MachineId machineId);

        [LoggerMessage(EventId = EngineEventIds.Base + 24, Level = LogLevel.Information, Message = "Machine {MachineId} left the cluster")]
        public static partial void MachineLeft(ILogger logger, MachineId machineId);

        [LoggerMessage(EventId = EngineEventIds.Base + 25, Level = LogLevel.Warning,
            Message = "Schedule write of {Writes} change(s) refused: the leadership of term {Term} no longer holds")]
        public static partial void WriteRefused(ILogger logger, int writes, long term);

        [LoggerMessage(EventId = EngineEventIds.Base + 26, Level = LogLevel.Debug, Message = "Engine wrote {Decisions} decision(s) in {Writes} schedule write(s)")]
        public static partial void PlanWritten(ILogger logger, int decisions, int writes);

        [LoggerMessage(EventId = EngineEventIds.Base + 27, Level = LogLevel.Debug, Message = "Engine polled {Units} unit(s) and {Machines} machine(s) (watches disabled)")]
        public static partial void Polled(ILogger logger, int units, int machines);

        [LoggerMessage(EventId = EngineEventIds.Base + 28, Level = LogLevel.Debug, Message = "Engine read {Count} {What} at revision {Revision}")]
        public static partial void ListRead(ILogger logger, int count, string what, long revision);
    }
}
