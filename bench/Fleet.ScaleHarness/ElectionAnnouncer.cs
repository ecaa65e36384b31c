using System.Diagnostics;
using Fleet.Engine;
using Microsoft.Extensions.Logging;

namespace Fleet.ScaleHarness;

/// <summary>The engine's logger in the engine process: forwards warnings and errors, and calls
/// <paramref name="elected"/> when the engine logs that it acquired leadership (event 1002), so that the
/// harness learns of an election at once without polling. With <c>FLEET_SCALE_ENGINE_TRACE=1</c> it also prints
/// a timeline (milliseconds since election) of the term's load (each read 1028, all loaded 1020) and of every plan written (1026) to stderr.</summary>
internal sealed class ElectionAnnouncer(ILogger<EngineService> inner, Action elected) : ILogger<EngineService>
{
    private const int LeadershipAcquired = 1002;
    private const int TermLoaded = 1020;
    private const int PlanWritten = 1026;
    private const int ListRead = 1028;
    private static readonly bool Trace = Environment.GetEnvironmentVariable("FLEET_SCALE_ENGINE_TRACE") == "1";
    private long _electedAt = Stopwatch.GetTimestamp();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= (Trace ? LogLevel.Debug : LogLevel.Information);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == LeadershipAcquired)
        {
            _electedAt = Stopwatch.GetTimestamp();
            elected();
        }

        if (Trace && eventId.Id is LeadershipAcquired or TermLoaded or PlanWritten or ListRead)
        {
            Console.Error.WriteLine($"[engine +{Stopwatch.GetElapsedTime(_electedAt).TotalMilliseconds:0} ms, cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:0} ms] {formatter(state, exception)}");
        }

        if (inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
