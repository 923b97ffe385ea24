namespace FirmwareTools.HelpCompiler;

/// <summary>
/// A help source file that cannot be compiled: names the file and line and says what is wrong, so the build fails
/// with a message that points at the markdown to fix. <see cref="ToMSBuildError"/> is MSBuild's canonical error format.
/// </summary>
public sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, int line, string problem)
        : base($"{file}({line}): {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public HelpFormatException()
        : this(string.Empty, 0, string.Empty)
    {
    }

    public HelpFormatException(string message)
        : this(string.Empty, 0, message)
    {
    }

    public HelpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Problem = message;
    }

    public string File { get; }

    public int Line { get; }

    public string Problem { get; }

    /// <summary>The error as MSBuild reports it: <c>file(line): error FTHELP: problem</c>.</summary>
    public string ToMSBuildError() => $"{File}({Line}): error FTHELP: {Problem}";
}
