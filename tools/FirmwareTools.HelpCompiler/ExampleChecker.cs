namespace FirmwareTools.HelpCompiler;

/// <summary>
/// Keeps every example runnable as written: wherever an example calls one of the documented commands, each
/// <c>-Name</c> it passes must be a parameter or alias of that command (or a common parameter). A renamed parameter
/// then breaks the build, not a user's copy and paste. Quoted text is an argument; script blocks and parentheses hold
/// commands of their own.
/// </summary>
public static class ExampleChecker
{
    public static readonly string[] CommonParameters =
    [
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    ];

    public static void Check(IReadOnlyList<CommandHelp> commands)
    {
        foreach (CommandHelp owner in commands)
        {
            foreach (ExampleHelp example in owner.Examples)
            {
                foreach ((string commandName, string parameter) in Calls(example.Code, commands.Select(c => c.Name)))
                {
                    CommandHelp called = commands.First(c => c.Name.Equals(commandName, StringComparison.OrdinalIgnoreCase));
                    bool known = called.Parameters.Any(p => p.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase) || p.Aliases.Contains(parameter, StringComparer.OrdinalIgnoreCase))
                        || CommonParameters.Contains(parameter, StringComparer.OrdinalIgnoreCase);
                    if (!known)
                    {
                        throw new HelpFormatException(owner.SourceFile, example.Line, $"'{example.Title}' passes -{parameter} to {called.Name}, which has no such parameter: the example would not run as written.");
                    }
                }
            }
        }
    }

    /// <summary>(command, parameter) for every <c>-Name</c> passed to a known command in the code.</summary>
    public static IEnumerable<(string Command, string Parameter)> Calls(string code, IEnumerable<string> knownCommands)
    {
        var known = new HashSet<string>(knownCommands, StringComparer.OrdinalIgnoreCase);
        string? current = null;
        bool expectCommand = true;
        var outer = new Stack<string?>();
        int i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c is '"' or '\'')
            {
                int close = code.IndexOf(c, i + 1);
                i = close < 0 ? code.Length : close + 1;
                expectCommand = false;
                continue;
            }

            // A script block or parenthesised pipeline is a command of its own; the outer command resumes after it.
            if (c is '{' or '(')
            {
                outer.Push(current);
                current = null;
                expectCommand = true;
                i++;
                continue;
            }

            if (c is '}' or ')')
            {
                current = outer.Count > 0 ? outer.Pop() : null;
                expectCommand = false;
                i++;
                continue;
            }

            if (c is '|' or ';' or '\n')
            {
                current = null;
                expectCommand = true;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < code.Length && !char.IsWhiteSpace(code[i]) && code[i] is not ('|' or ';' or '{' or '(' or '}' or ')' or '"' or '\''))
            {
                i++;
            }

            string word = code[start..i];
            if (expectCommand)
            {
                current = known.Contains(word) ? word : null;
                expectCommand = false;
            }
            else if (current != null && word.Length > 1 && word[0] == '-' && char.IsLetter(word[1]))
            {
                int colon = word.IndexOf(':', StringComparison.Ordinal);
                yield return (current, colon < 0 ? word[1..] : word[1..colon]);
            }
        }
    }
}
