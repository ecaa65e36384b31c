using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Journal;

/// <summary>Formats the supervisor's captured output lines in the journalctl output modes it can honour.
/// The captured log holds only what the unit printed, with no timestamps or PIDs, so <c>short</c> and
/// <c>cat</c> both print the line as it was written, and <c>json</c> prints journalctl's field names for
/// what is known: <c>{"MESSAGE":…,"_SYSTEMD_UNIT":…,"_HOSTNAME":…}</c>.</summary>
internal static class JournalLineFormatter
{
    // Like journalctl: only what JSON requires is escaped (this is read as text, not embedded in HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The modes the supervisor can produce.</summary>
    public static IReadOnlyList<JournalOutput> Supported { get; } = [JournalOutput.Short, JournalOutput.Cat, JournalOutput.Json];

    /// <summary>Whether <paramref name="output"/> is one of <see cref="Supported"/>.</summary>
    public static bool Supports(JournalOutput output) => Supported.Contains(output);

    /// <summary>Throws unless <paramref name="output"/> is one of <see cref="Supported"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not supported; the message names it and what is.</exception>
    public static void EnsureSupported(JournalOutput output)
    {
        if (!Supports(output))
        {
            throw new ArgumentException(
                $"journal output mode {output} is not supported by the process supervisor (supported: {string.Join(", ", Supported)})",
                nameof(output));
        }
    }

    /// <summary>Formats one captured line.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not supported.</exception>
    public static string Format(string line, UnitName unit, string hostName, JournalOutput output)
    {
        if (output == JournalOutput.Short || output == JournalOutput.Cat)
        {
            return line;
        }

        EnsureSupported(output);

        var buffer = new ArrayBufferWriter<byte>(line.Length + unit.Value.Length + hostName.Length + 48);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("MESSAGE", line);
            writer.WriteString("_SYSTEMD_UNIT", unit.Value);
            writer.WriteString("_HOSTNAME", hostName);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
