using System.Runtime.CompilerServices;

namespace Fleet.Cli.Tests;

/// <summary>Golden output files in <c>Golden/</c>. Set <c>FLEET_UPDATE_GOLDEN=1</c> to rewrite them (then
/// review the diff by hand).</summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var file = name + ".txt";
        if (System.Environment.GetEnvironmentVariable("FLEET_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", file), actual);
            return;
        }

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file));
        Assert.Equal(expected, actual);
    }
}
