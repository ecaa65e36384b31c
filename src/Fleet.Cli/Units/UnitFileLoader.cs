using Fleet.Cli.Hosting;
using Fleet.Core.Units;

namespace Fleet.Cli.Units;

/// <summary>Reads and parses unit files from disk, paths relative to the working directory.</summary>
internal sealed class UnitFileLoader(CliConsole console)
{
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(console.WorkingDirectory, path));

    public bool Exists(string path) => File.Exists(Resolve(path));

    /// <summary>Parses the file.</summary>
    /// <exception cref="UnitFileException">The file cannot be read or does not parse; the message names the
    /// file and every bad line.</exception>
    public UnitFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(Resolve(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UnitFileException($"{path}: {ex.Message}");
        }

        var parsed = UnitFile.Parse(text);
        return parsed.File ?? throw new UnitFileException(string.Join("; ", parsed.Errors.Select(e => $"{path}: {e}")));
    }
}
