namespace Fleet.Agent.Process.Runtime;

/// <summary>Linux signal numbers and names.</summary>
internal static class Signals
{
    public const int Hup = 1;
    public const int Int = 2;
    public const int Quit = 3;
    public const int Abrt = 6;
    public const int Kill = 9;
    public const int Usr1 = 10;
    public const int Segv = 11;
    public const int Usr2 = 12;
    public const int Pipe = 13;
    public const int Term = 15;

    private static readonly string[] Names =
    [
        "0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
        "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>The short name (<c>TERM</c>) of a signal number.</summary>
    public static string Name(int signal) => signal > 0 && signal < Names.Length ? Names[signal] : signal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses <c>SIGTERM</c>, <c>TERM</c> or <c>15</c>.</summary>
    public static bool TryParse(string text, out int signal)
    {
        var t = text.Trim();
        if (int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out signal))
        {
            return signal is > 0 and < 65;
        }

        if (t.StartsWith("SIG", StringComparison.Ordinal))
        {
            t = t[3..];
        }

        signal = Array.IndexOf(Names, t);
        return signal > 0;
    }

    /// <summary>Signals after which a main process exit counts as clean (systemd: HUP, INT, TERM, PIPE).</summary>
    public static bool IsClean(int signal) => signal is Hup or Int or Term or Pipe;
}
