using System.CommandLine;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Commands;

/// <summary><c>help [command]</c>, as cobra adds it.</summary>
internal static class HelpCommand
{
    public static Command Build(RootCommand root, CliConsole console)
    {
        var path = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Help about any command") { path };
        command.SetAction(parse => FleetctlApp.ShowHelp(root, console, parse.GetValue(path) ?? []));
        return command;
    }
}
