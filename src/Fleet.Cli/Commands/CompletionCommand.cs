using System.CommandLine;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Commands;

/// <summary><c>completion bash|zsh</c>: prints a shell completion script that asks fleetctl itself for
/// suggestions (System.CommandLine's <c>[suggest]</c> directive).</summary>
internal sealed class CompletionCommand(CliContext context) : FleetCommand(context)
{
    private const string Bash = """
        # fleetctl bash completion; load with: source <(fleetctl completion bash)
        _fleetctl_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _fleetctl_complete fleetctl
        """;

    private const string Zsh = """
        #compdef fleetctl
        # fleetctl zsh completion; load with: source <(fleetctl completion zsh)
        _fleetctl() {
            local -a candidates
            candidates=("${(@f)$(${words[1]} "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
            compadd -- $candidates
        }
        compdef _fleetctl fleetctl
        """;

    private readonly Argument<string> _shell = new("SHELL") { Description = "bash or zsh" };

    protected override bool NeedsClient => false;

    protected override Command Create()
    {
        _shell.AcceptOnlyFromAmong("bash", "zsh");
        return new Command("completion", "Print a shell completion script (bash or zsh)") { _shell };
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        Context.Out(parse.GetValue(_shell) == "zsh" ? Zsh : Bash);
        return Task.FromResult(0);
    }
}
