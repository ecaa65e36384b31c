using System.CommandLine;

namespace Fleet.Cli.Commands;

/// <summary><c>--no-block</c> and <c>--block-attempts=N</c>.</summary>
internal sealed class BlockFlags
{
    public BlockFlags(string waitsUntil, string? noBlockHelp)
    {
        BlockAttempts = new Option<int>("--block-attempts")
        {
            Description = $"Wait until the {waitsUntil}, performing up to N attempts before giving up. A value of 0 indicates no limit.",
            DefaultValueFactory = _ => 0,
        };
        BlockAttempts.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--block-attempts must not be negative");
            }
        });
        NoBlock = noBlockHelp is null ? null : new Option<bool>("--no-block") { Description = noBlockHelp };
    }

    public Option<int> BlockAttempts { get; }

    public Option<bool>? NoBlock { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(BlockAttempts);
        if (NoBlock is not null)
        {
            command.Options.Add(NoBlock);
        }
    }

    /// <summary>fleetctl's <c>getBlockAttempts</c>: -1 with <c>--no-block</c>, else the attempt budget (0 = no limit).</summary>
    public int Attempts(ParseResult parse) =>
        NoBlock is not null && parse.GetValue(NoBlock) ? -1 : parse.GetValue(BlockAttempts);
}
