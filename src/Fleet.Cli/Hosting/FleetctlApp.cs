using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Fleet.Cli.Commands;

namespace Fleet.Cli.Hosting;

/// <summary>fleetctl's entry point: builds the command tree, parses and runs one invocation.</summary>
public static class FleetctlApp
{
    /// <summary>fleet's root description.</summary>
    public const string Description = "fleetctl is a command-line interface to fleet, the cluster-wide CoreOS init system.";

    /// <summary>Runs fleetctl with <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        if (args.Length > 0 && args[0] is "--version" or "-v")
        {
            console.Out.Write(VersionCommand.Line + "\n");
            return 0;
        }

        var globals = new GlobalOptions();
        using var context = new CliContext(console, globals);
        var root = BuildRoot(context, globals);
        var parse = root.Parse(SplitEmptyAssignments(args));
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        if (parse.Action is ParseErrorAction)
        {
            return ReportUsageErrors(parse, console);
        }

        if (parse.GetValue(globals.Version) && parse.Action is not HelpAction)
        {
            console.Out.Write(VersionCommand.Line + "\n");
            return 0;
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    internal static RootCommand BuildRoot(CliContext context, GlobalOptions globals)
    {
        var root = new RootCommand(Description);
        foreach (var option in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(option);
        }

        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Aliases.Add("--h");
        }

        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        FleetCommand[] commands =
        [
            new CatCommand(context),
            new CompletionCommand(context),
            new DestroyCommand(context),
            new FdForwardCommand(context),
            new JournalCommand(context),
            new ListMachinesCommand(context),
            new ListUnitFilesCommand(context),
            new ListUnitsCommand(context),
            new LoadCommand(context),
            new RestartCommand(context),
            new SshCommand(context),
            new StartCommand(context),
            new StatusCommand(context),
            new StopCommand(context),
            new SubmitCommand(context),
            new UnloadCommand(context),
            new VerifyCommand(context),
            new VersionCommand(context),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command.Build());
        }

        root.Subcommands.Add(HelpCommand.Build(root, context.Console));
        root.SetAction(parse => ShowHelp(root, context.Console, []));
        return root;
    }

    internal static int ShowHelp(RootCommand root, CliConsole console, string[] path) =>
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error });

    // pflag reads "--fields=" as an empty value; System.CommandLine would see a missing one.
    private static string[] SplitEmptyAssignments(string[] args) =>
        [.. args.SelectMany(a => a.Length > 3 && a.StartsWith("--", StringComparison.Ordinal) && a.EndsWith('=') ? new[] { a[..^1], string.Empty } : [a])];

    private static int ReportUsageErrors(ParseResult parse, CliConsole console)
    {
        foreach (var error in parse.Errors)
        {
            console.Error.Write($"Error: {error.Message}\n");
        }

        var command = parse.CommandResult.Command;
        var hint = command is RootCommand ? "fleetctl --help" : $"fleetctl {command.Name} --help";
        console.Error.Write($"Run '{hint}' for usage.\n");
        return 1;
    }
}
