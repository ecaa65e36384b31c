using System.CommandLine;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Commands;

/// <summary><c>load UNIT...</c>: schedule units (desired state <c>loaded</c>), submitting them if necessary.</summary>
internal sealed class LoadCommand(CliContext context) : TargetStateCommand(context, "load", "loaded", "load")
{
    protected override Option<bool> Replace { get; } = new("--replace") { Description = "Replace the old scheduled units in the cluster with new versions." };

    protected override BlockFlags Block { get; } = new(
        "jobs are loaded",
        "Do not wait until the jobs have been loaded before exiting. Always the case for global units.");

    protected override string Description => "Schedule one or more units in the cluster, first submitting them if necessary.";

    protected override string FailurePrefix => "Error loading units";
}
