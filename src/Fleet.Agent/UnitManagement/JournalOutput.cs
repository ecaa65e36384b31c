using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Fleet.Agent.UnitManagement;

/// <summary>How <c>fleetctl journal --output MODE</c> formats a unit's journal: one of <c>journalctl</c>'s
/// output modes (systemd 252), by name.</summary>
/// <remarks>Only the names journalctl knows are accepted, so a mode is validated where the request arrives,
/// before it is forwarded to the unit's machine. Whether a mode can be produced there is the unit manager's
/// business (<see cref="IUnitJournal.SupportsOutput"/>).</remarks>
public readonly record struct JournalOutput
{
    private static readonly string[] ModeNames =
    [
        "short", "short-precise", "short-iso", "short-iso-precise", "short-full", "short-monotonic", "short-unix",
        "verbose", "export", "json", "json-pretty", "json-sse", "json-seq", "cat", "with-unit",
    ];

    private static readonly FrozenSet<string> KnownModes = ModeNames.ToFrozenSet(StringComparer.Ordinal);

    // null is "short", so that default(JournalOutput) is and equals Short.
    private readonly string? _mode;

    private JournalOutput(string mode) => _mode = mode == "short" ? null : mode;

    /// <summary>journalctl's default: a syslog-like line per entry.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "journalctl's name for the mode")]
    public static JournalOutput Short { get; } = new("short");

    /// <summary>The message alone.</summary>
    public static JournalOutput Cat { get; } = new("cat");

    /// <summary>One JSON object per entry and line.</summary>
    public static JournalOutput Json { get; } = new("json");

    /// <summary>Every mode name journalctl accepts, in the order <c>journalctl --output help</c> lists them.</summary>
    public static IReadOnlyList<string> Modes { get; } = Array.AsReadOnly(ModeNames);

    /// <summary>The mode's name as journalctl spells it (<c>short</c> for the default value).</summary>
    public string Mode => _mode ?? "short";

    /// <summary>Parses a mode name; an empty or missing name is <see cref="Short"/>.</summary>
    /// <param name="text">The name, e.g. <c>json</c>.</param>
    /// <param name="output">The mode.</param>
    /// <param name="problem">Why <paramref name="text"/> is not a mode, naming it and the valid names.</param>
    public static bool TryParse(string? text, out JournalOutput output, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrEmpty(text))
        {
            output = Short;
            problem = null;
            return true;
        }

        if (KnownModes.Contains(text))
        {
            output = new JournalOutput(text);
            problem = null;
            return true;
        }

        output = default;
        problem = $"invalid output mode \"{text}\": expected one of {string.Join(", ", Modes)}";
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Mode;
}
