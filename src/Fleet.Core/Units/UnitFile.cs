using System.Collections.Immutable;

namespace Fleet.Core.Units;

/// <summary>A parsed unit file: its options in order, as go-systemd keeps them (duplicates kept).</summary>
/// <remarks>Immutable. Identity is <see cref="Hash"/>, the SHA-1 of <see cref="Serialize"/>.</remarks>
public sealed class UnitFile
{
    private string? _serialised;
    private UnitHash? _hash;

    private UnitFile(ImmutableArray<UnitOption> options) => Options = options;

    /// <summary>The options in file order.</summary>
    public ImmutableArray<UnitOption> Options { get; }

    /// <summary>SHA-1 of the serialised form.</summary>
    public UnitHash Hash => _hash ??= UnitHash.Of(Serialize());

    /// <summary>Builds a unit file from options (e.g. from the API's <c>options</c> array).</summary>
    public static UnitFile FromOptions(IEnumerable<UnitOption> options) => new([.. options]);

    /// <summary>Wraps options the parser produced (no copy of the caller's list is kept).</summary>
    internal static UnitFile FromParsed(List<UnitOption> options) => new([.. options]);

    /// <summary>Parses unit file text; see <see cref="UnitFileParser"/> for the rules.</summary>
    public static UnitFileParseResult Parse(string text) => UnitFileParser.Parse(text);

    /// <summary>Values of every option <paramref name="name"/> in <paramref name="section"/>, in order.</summary>
    public IEnumerable<string> Values(string section, string name) =>
        Options.Where(o => o.Section == section && o.Name == name).Select(o => o.Value);

    /// <summary>The first <c>[Unit] Description=</c>, or empty.</summary>
    public string Description => Values("Unit", "Description").FirstOrDefault() ?? string.Empty;

    /// <summary>go-systemd's serialisation: sections in order of first appearance, options in order within
    /// each, <c>[Section]\n</c> then <c>Name=Value\n</c>, one blank line between sections, nothing after the
    /// last; no options gives the empty string.</summary>
    public string Serialize() => _serialised ??= UnitFileSerializer.Serialize(Options);
}
