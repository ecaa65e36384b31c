using System.CommandLine;
using Fleet.Cli.Hosting;
using Fleet.Cli.Waiting;

namespace Fleet.Cli.Commands;

/// <summary><c>start UNIT...</c>: desired state <c>launched</c> (submitting and loading if necessary), then waits
/// for <c>launched</c> and for systemd to report the units active, within the same attempt budget.</summary>
internal sealed class StartCommand(CliContext context) : TargetStateCommand(context, "start", "launched", "start")
{
    protected override Option<bool> Replace { get; } = new("--replace") { Description = "Replace the already started units in the cluster with new versions." };

    protected override BlockFlags Block { get; } = new(
        "units are launched",
        "Do not wait until the units have launched before exiting. Always the case for global units.");

    protected override string Description => "Instruct systemd to start one or more units in the cluster, first submitting and loading if necessary.";

    protected override string FailurePrefix => "Error starting units";

    protected override async Task<int> AfterWaitAsync(IReadOnlyList<string> units, int attempts, CancellationToken cancellationToken)
    {
        var errors = await new UnitWaiter(Context).WaitAsync(units, new SystemdActiveProbe(Context), attempts, cancellationToken);
        if (errors.Count == 0)
        {
            return 0;
        }

        errors.ToList().ForEach(e => Context.Err($"Error waiting for units: {e}"));
        throw new CommandFailedException($"Error waiting for systemd unit states, err: {errors[^1]}");
    }
}
