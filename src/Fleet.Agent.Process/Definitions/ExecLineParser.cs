using System.Collections.Immutable;

namespace Fleet.Agent.Process.Definitions;

/// <summary>Parses <c>ExecStart=</c>-style values into commands (<c>systemd.service(5)</c> "Command lines"):
/// prefixes <c>- @ : + ! !!</c>, quoting and escapes, and lone <c>;</c> separating several commands.</summary>
internal static class ExecLineParser
{
    /// <summary>Parses one value. An empty value yields no commands (systemd: resets the list).</summary>
    public static bool TryParse(string value, out List<ExecCommand> commands, out List<string> notes, out string? error)
    {
        commands = [];
        notes = [];
        var separators = new List<int>();
        if (!SystemdWords.TrySplit(value, out var words, out error, separators))
        {
            return false;
        }

        var current = new List<string>();
        for (var index = 0; index < words.Count; index++)
        {
            var word = words[index];
            if (separators.Contains(index))
            {
                if (!TryBuild(current, commands, notes, out error))
                {
                    return false;
                }

                current.Clear();
                continue;
            }

            current.Add(word);
        }

        return TryBuild(current, commands, notes, out error);
    }

    private static bool TryBuild(List<string> words, List<ExecCommand> commands, List<string> notes, out string? error)
    {
        error = null;
        if (words.Count == 0)
        {
            return true;
        }

        var first = words[0];
        bool ignore = false, noExpand = false, full = false, argv0 = false;
        var p = 0;
        while (p < first.Length && first[p] is '-' or '@' or ':' or '+' or '!')
        {
            switch (first[p])
            {
                case '-': ignore = true; break;
                case '@': argv0 = true; break;
                case ':': noExpand = true; break;
                case '+': full = true; break;
                default: break; // '!' and '!!' relax ambient capabilities: no capabilities are dropped here.
            }

            p++;
        }

        var path = first[p..];
        if (path.Length == 0)
        {
            error = $"empty executable in '{string.Join(' ', words)}'";
            return false;
        }

        var args = words.Skip(1).ToList();
        if (argv0)
        {
            if (args.Count == 0)
            {
                error = $"'@' prefix needs an argv[0] word after the executable in '{string.Join(' ', words)}'";
                return false;
            }

            notes.Add("'@' prefix (argv[0] is the executable path)");
            args.RemoveAt(0);
        }

        commands.Add(new ExecCommand(path, [.. args], ignore, noExpand, full, string.Join(' ', words)));
        return true;
    }

    /// <summary>Expands <c>${VAR}</c> (in place, one argument) and a whole-word <c>$VAR</c> (split at
    /// whitespace into zero or more arguments); <c>$$</c> is a literal dollar; unset variables are empty.</summary>
    public static ImmutableArray<string> ExpandArguments(ExecCommand command, IReadOnlyDictionary<string, string> environment)
    {
        if (command.NoExpansion)
        {
            return command.Arguments;
        }

        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var arg in command.Arguments)
        {
            if (arg.Length > 1 && arg[0] == '$' && arg[1] != '{' && arg[1] != '$' && IsName(arg.AsSpan(1)))
            {
                var value = environment.GetValueOrDefault(arg[1..]) ?? string.Empty;
                result.AddRange(value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                continue;
            }

            result.Add(ExpandBraced(arg, environment));
        }

        return result.ToImmutable();
    }

    private static string ExpandBraced(string arg, IReadOnlyDictionary<string, string> environment)
    {
        if (!arg.Contains('$', StringComparison.Ordinal))
        {
            return arg;
        }

        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < arg.Length; i++)
        {
            if (arg[i] == '$' && i + 1 < arg.Length && arg[i + 1] == '$')
            {
                builder.Append('$');
                i++;
            }
            else if (arg[i] == '$' && i + 1 < arg.Length && arg[i + 1] == '{')
            {
                var close = arg.IndexOf('}', i + 2);
                if (close < 0 || !IsName(arg.AsSpan(i + 2, close - i - 2)))
                {
                    builder.Append(arg[i]);
                    continue;
                }

                builder.Append(environment.GetValueOrDefault(arg[(i + 2)..close]) ?? string.Empty);
                i = close;
            }
            else
            {
                builder.Append(arg[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>True for a valid environment variable name (letters, digits, underscore; not starting with a digit).</summary>
    public static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
