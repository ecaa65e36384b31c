using System.CommandLine;
using Fleet.Client;

namespace Fleet.Cli.Hosting;

/// <summary>Base of every fleetctl command: builds the System.CommandLine command and runs it with the
/// shared error handling (one line on standard error, non-zero exit).</summary>
internal abstract class FleetCommand(CliContext context)
{
    protected CliContext Context => context;

    /// <summary>False for commands that never talk to the API (version, help, completion).</summary>
    protected virtual bool NeedsClient => true;

    /// <summary>Builds the command and wires its action.</summary>
    public Command Build()
    {
        var command = Create();
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    /// <summary>Creates the command with its arguments and options.</summary>
    protected abstract Command Create();

    /// <summary>Runs the command; returns the exit code.</summary>
    protected abstract Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken);

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            context.Bind(parse);
            if (NeedsClient)
            {
                context.InitializeClient();
            }

            return await ExecuteAsync(parse, cancellationToken);
        }
        catch (CommandFailedException ex)
        {
            context.Err(ex.Message);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is FleetEndpointUnreachableException or FleetApiException)
        {
            context.Err($"Error: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Err("Interrupted");
            return 130;
        }
    }
}
