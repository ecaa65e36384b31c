using Xunit;

namespace Fleet.Testing.Support;

/// <summary>Golden output files kept in a test project's <c>Golden/</c> folder and copied to its output
/// directory (<c>&lt;None Include="Golden/*.txt" CopyToOutputDirectory="PreserveNewest" /&gt;</c>).
/// Comparisons read the copy next to the test assembly, so they do not depend on where the sources were
/// compiled (a CI build maps source paths to <c>/_/</c>). With <c>FLEET_UPDATE_GOLDEN=1</c> the file is
/// rewritten in the source folder instead (found by walking up from the output directory to the folder
/// holding the test project's .csproj); review the diff by hand before committing.</summary>
public static class GoldenFiles
{
    /// <summary>The environment variable that switches from comparing to rewriting.</summary>
    public const string UpdateVariable = "FLEET_UPDATE_GOLDEN";

    /// <summary>Asserts that <paramref name="actual"/> equals <c>Golden/&lt;name&gt;.txt</c>, or rewrites that
    /// file in the source tree when <see cref="UpdateVariable"/> is <c>1</c>.</summary>
    public static void AssertMatches(string name, string actual)
    {
        var file = name + ".txt";
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var sourceGolden = Path.Combine(FindProjectDirectory(AppContext.BaseDirectory), "Golden");
            Directory.CreateDirectory(sourceGolden);
            File.WriteAllText(Path.Combine(sourceGolden, file), actual);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", file);
        Assert.True(File.Exists(path),
            $"golden file {path} is missing: run with {UpdateVariable}=1 to create it, and check that the test project copies Golden/*.txt to its output");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds a .csproj file.</summary>
    public static string FindProjectDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any())
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no .csproj found at or above {start}; cannot locate the Golden/ source folder");
    }
}
