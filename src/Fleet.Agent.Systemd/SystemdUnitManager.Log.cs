using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Systemd;

/// <content>Log messages.</content>
public sealed partial class SystemdUnitManager
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to systemd over D-Bus at {Address} as {UniqueName}")]
    private partial void LogConnected(string address, string uniqueName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Cannot reach systemd at {Address}; retrying in {Delay}")]
    private partial void LogReconnectFailed(string address, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Ignoring unit file {Path}: {Reason}")]
    private partial void LogBadUnitFile(string path, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "systemd: {Action} {Unit}")]
    private partial void LogAction(string action, string unit);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "systemd (re)appeared on the bus as {Owner}; re-reading the states of every unit")]
    private partial void LogSystemdReappeared(string owner);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Could not subscribe to systemd again; reconnecting")]
    private partial void LogResubscribeFailed(Exception exception);
}
