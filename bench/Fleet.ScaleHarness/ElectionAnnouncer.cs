using Fleet.Engine;
using Microsoft.Extensions.Logging;

namespace Fleet.ScaleHarness;

/// <summary>The engine's logger in the engine process: forwards warnings and errors, and calls
/// <paramref name="elected"/> when the engine logs that it acquired leadership (event 1002), so that the
/// harness learns of an election at once without polling.</summary>
internal sealed class ElectionAnnouncer(ILogger<EngineService> inner, Action elected) : ILogger<EngineService>
{
    private const int LeadershipAcquired = 1002;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == LeadershipAcquired)
        {
            elected();
        }

        if (inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
