using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Units;

namespace Fleet.Cli.Commands;

/// <summary><c>cat UNIT</c>: prints the serialised unit file (no extra newline).</summary>
internal sealed class CatCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = new("UNIT") { Arity = ArgumentArity.ZeroOrMore };

    protected override Command Create() => new("cat", "Output the contents of a submitted unit") { _units };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = parse.GetValue(_units) ?? [];
        if (args.Length != 1)
        {
            throw new CommandFailedException("One unit file must be provided");
        }

        var name = UnitNames.Mangle(args[0]);
        var unit = await Context.Client.GetUnitAsync(name, cancellationToken)
            ?? throw new CommandFailedException($"Unit {name} not found");
        await Context.Console.Out.WriteAsync(UnitOptionsMapper.ToUnitFile(unit.Options).Serialize());
        return 0;
    }
}
