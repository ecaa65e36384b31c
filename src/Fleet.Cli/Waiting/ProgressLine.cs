using Fleet.Cli.Hosting;

namespace Fleet.Cli.Waiting;

/// <summary>A single self-overwriting status line while many units are awaited; shown only when standard
/// output is a terminal, so redirected output stays exactly fleetctl's.</summary>
internal sealed class ProgressLine(CliConsole console, int total, string goal)
{
    /// <summary>Waits for fewer units than this show no progress line.</summary>
    public const int MinimumUnits = 3;

    private bool _visible;

    private bool Enabled => console.IsOutputTerminal && total >= MinimumUnits;

    public void Show(int pending)
    {
        if (!Enabled)
        {
            return;
        }

        console.Out.Write($"\r\u001b[KWaiting for units to be {goal}: {total - pending}/{total} done");
        console.Out.Flush();
        _visible = true;
    }

    public void Clear()
    {
        if (_visible)
        {
            console.Out.Write("\r\u001b[K");
            _visible = false;
        }
    }
}
