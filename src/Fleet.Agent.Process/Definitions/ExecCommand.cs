using System.Collections.Immutable;

namespace Fleet.Agent.Process.Definitions;

/// <summary>One command of an <c>Exec*=</c> line, after quoting and specifiers, before variable expansion.</summary>
/// <param name="Path">The executable as written (absolute, or a name looked up in <c>PATH</c> at start).</param>
/// <param name="Arguments">The arguments after the executable.</param>
/// <param name="IgnoreFailure">The <c>-</c> prefix: a failing exit is recorded but not treated as failure.</param>
/// <param name="NoExpansion">The <c>:</c> prefix: no <c>$VAR</c> expansion.</param>
/// <param name="FullPrivileges">The <c>+</c> prefix: run without dropping to <c>User=</c>.</param>
/// <param name="Text">The command as written, for status output.</param>
internal sealed record ExecCommand(
    string Path,
    ImmutableArray<string> Arguments,
    bool IgnoreFailure,
    bool NoExpansion,
    bool FullPrivileges,
    string Text);
