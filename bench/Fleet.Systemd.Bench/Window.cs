using System.Diagnostics;

using Fleet.Agent.Systemd;

namespace Fleet.Systemd.Bench;

/// <summary>A measured time window: CPU used by the agent (this process), by the container's systemd and by its
/// dbus-daemon, as a percentage of one core, and the D-Bus signals the agent received.</summary>
internal sealed class Window
{
    private readonly Stopwatch _clock;
    private readonly Func<long> _signalCount;
    private readonly int[] _pids;
    private readonly TimeSpan _start;
    private readonly TimeSpan[] _cpu;
    private readonly long _signals;

    private Window(Stopwatch clock, Func<long> signalCount, int[] pids)
    {
        _clock = clock;
        _signalCount = signalCount;
        _pids = pids;
        _start = clock.Elapsed;
        _cpu = [.. pids.Select(CpuClock.Of)];
        _signals = signalCount();
    }

    public static Window Start(Stopwatch clock, SystemdUnitManager manager, int agent, int systemd, int dbus) => new(clock, () => manager.SignalsReceived, [agent, systemd, dbus]);

    /// <summary>A window without a signal count (the agent is another process).</summary>
    public static Window Start(Stopwatch clock, int agent, int systemd, int dbus) => new(clock, () => 0, [agent, systemd, dbus]);

    public Dictionary<string, double> Stop()
    {
        var seconds = (_clock.Elapsed - _start).TotalSeconds;
        var cpu = _pids.Select((pid, i) => (CpuClock.Of(pid) - _cpu[i]).TotalSeconds / seconds * 100).ToArray();
        var signals = _signalCount() - _signals;
        return new Dictionary<string, double>
        {
            ["seconds"] = Math.Round(seconds, 2),
            ["agentCpuPercent"] = Math.Round(cpu[0], 2),
            ["systemdCpuPercent"] = Math.Round(cpu[1], 2),
            ["dbusDaemonCpuPercent"] = Math.Round(cpu[2], 2),
            ["signalsReceived"] = signals,
            ["signalsPerSecond"] = Math.Round(signals / seconds, 2),
        };
    }
}
