using System.Diagnostics;

using Fleet.Agent.Systemd;

namespace Fleet.Systemd.Bench;

/// <summary>A measured time window: CPU used by the agent (this process), by the container's systemd and by its
/// dbus-daemon, as a percentage of one core, and the D-Bus signals the agent received.</summary>
internal sealed class Window
{
    private readonly Stopwatch _clock;
    private readonly SystemdUnitManager _manager;
    private readonly int[] _pids;
    private readonly TimeSpan _start;
    private readonly TimeSpan[] _cpu;
    private readonly long _signals;

    private Window(Stopwatch clock, SystemdUnitManager manager, int[] pids)
    {
        _clock = clock;
        _manager = manager;
        _pids = pids;
        _start = clock.Elapsed;
        _cpu = [.. pids.Select(CpuClock.Of)];
        _signals = manager.SignalsReceived;
    }

    public static Window Start(Stopwatch clock, SystemdUnitManager manager, int agent, int systemd, int dbus) => new(clock, manager, [agent, systemd, dbus]);

    public Dictionary<string, double> Stop()
    {
        var seconds = (_clock.Elapsed - _start).TotalSeconds;
        var cpu = _pids.Select((pid, i) => (CpuClock.Of(pid) - _cpu[i]).TotalSeconds / seconds * 100).ToArray();
        var signals = _manager.SignalsReceived - _signals;
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
