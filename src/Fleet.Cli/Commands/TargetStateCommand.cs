using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Units;
using Fleet.Cli.Waiting;

namespace Fleet.Cli.Commands;

/// <summary>Shared flow of <c>load</c> and <c>start</c>: lazy create, set the desired state, report global units
/// as triggered, then wait (or print <c>Triggered unit X verb</c> with <c>--no-block</c>).</summary>
internal abstract class TargetStateCommand(CliContext context, string name, string state, string verb) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();
    private readonly Option<bool> _sign = new("--sign") { Description = "DEPRECATED - this option cannot be used", Hidden = true };

    protected abstract Option<bool> Replace { get; }

    protected abstract BlockFlags Block { get; }

    protected abstract string Description { get; }

    protected abstract string FailurePrefix { get; }

    protected override Command Create()
    {
        var command = new Command(name, Description) { _units, _sign, Replace };
        Block.AddTo(command);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var args = parse.GetValue(_units) ?? [];
        if (args.Length == 0)
        {
            Context.Err("No units given");
            return 0;
        }

        var attempts = Block.Attempts(parse);
        await new LazyUnitCreator(Context, name).CreateAsync(args, parse.GetValue(Replace), attempts, cancellationToken);
        var triggered = await RegistryUnits.SetTargetStateAsync(Context, args.Select(UnitNames.Mangle), state, FailurePrefix, cancellationToken);
        var waiting = new List<string>();
        foreach (var unit in triggered)
        {
            if (GlobalUnits.IsGlobal(unit))
            {
                Context.Out($"Triggered global unit {unit.Name} {verb}");
            }
            else
            {
                waiting.Add(unit.Name);
            }
        }

        if (attempts < 0)
        {
            waiting.ForEach(u => Context.Out($"Triggered unit {u} {verb}"));
            return 0;
        }

        var errors = await new UnitWaiter(Context).WaitAsync(waiting, new JobStateProbe(Context, state), attempts, cancellationToken);
        if (errors.Count > 0)
        {
            errors.ToList().ForEach(e => Context.Err($"Error waiting for units: {e}"));
            throw new CommandFailedException("Error waiting for unit states, exit status: 1");
        }

        return await AfterWaitAsync(waiting, attempts, cancellationToken);
    }

    /// <summary>Extra waiting after the units reached the state (start: systemd active).</summary>
    protected virtual Task<int> AfterWaitAsync(IReadOnlyList<string> units, int attempts, CancellationToken cancellationToken) => Task.FromResult(0);
}
