using System.CommandLine;

namespace Fleet.Cli.Commands;

/// <summary>The <c>UNIT...</c> argument list.</summary>
internal static class UnitArguments
{
    public static Argument<string[]> Create() => new("UNIT") { Arity = ArgumentArity.ZeroOrMore, Description = "Unit names or unit file paths" };
}
