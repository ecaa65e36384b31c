using System.Runtime.CompilerServices;

namespace Fleet.IntegrationTests;

/// <summary>Golden output files in <c>tests/Fleet.IntegrationTests/Golden/</c>, read from the source tree.
/// To regenerate them after an intended change of output, run the tests with <c>FLEET_UPDATE_GOLDEN=1</c>
/// (e.g. <c>FLEET_UPDATE_GOLDEN=1 dotnet test tests/Fleet.IntegrationTests --filter FullyQualifiedName~Golden</c>)
/// and review the diff by hand before committing.</summary>
public static class GoldenFiles
{
    /// <summary>Compares <paramref name="actual"/> with <c>Golden/&lt;name&gt;.txt</c>, or rewrites the file
    /// when <c>FLEET_UPDATE_GOLDEN=1</c>.</summary>
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", name + ".txt");
        if (Environment.GetEnvironmentVariable("FLEET_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing: run with FLEET_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
