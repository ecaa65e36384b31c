using System.CommandLine;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Commands;

/// <summary><c>verify</c>: deprecated; always fails with exit code 2, as in fleet.</summary>
internal sealed class VerifyCommand(CliContext context) : FleetCommand(context)
{
    private readonly Argument<string[]> _units = UnitArguments.Create();

    protected override bool NeedsClient => false;

    protected override Command Create() => new("verify", "DEPRECATED - No longer works") { _units, };

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        Context.Err("Command \"verify\" is deprecated, DEPRECATED - No longer works");
        Context.Err("WARNING: The signed/verified units feature is DEPRECATED and cannot be used.");
        return Task.FromResult(2);
    }
}
