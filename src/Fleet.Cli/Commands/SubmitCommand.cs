using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Units;

namespace Fleet.Cli.Commands;

/// <summary><c>submit UNIT...</c>: the lazy-create step only.</summary>
internal sealed class SubmitCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly Option<bool> _sign = new("--sign") { Description = "DEPRECATED - this option cannot be used", Hidden = true };
    private readonly Option<bool> _replace = new("--replace") { Description = "Replace the old submitted units in the cluster with new versions." };

    protected override Command Create() => new("submit", "Upload one or more units to the cluster without starting them") { _units, _sign, _replace };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = parse.GetValue(_units) ?? [];
        if (args.Length == 0)
        {
            Context.Err("No units given");
            return 0;
        }

        await new LazyUnitCreator(Context, "submit").CreateAsync(args, parse.GetValue(_replace), 0, cancellationToken);
        return 0;
    }
}
