namespace FirmwareTools.HelpCompiler;

/// <summary>
/// <c>FirmwareTools.HelpCompiler &lt;docs/help&gt; &lt;out/FirmwareTools/en-US&gt;</c>: compiles the help markdown.
/// A malformed file is reported as an MSBuild error (file(line): error FTHELP: ...) and exit code 1, which fails the build.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: FirmwareTools.HelpCompiler <help source folder> <output folder>");
            return 2;
        }

        if (!Directory.Exists(args[0]))
        {
            Console.Error.WriteLine($"{args[0]}: error FTHELP: the help source folder does not exist.");
            return 1;
        }

        try
        {
            HelpSource source = HelpSource.Read(args[0]);
            IReadOnlyList<string> written = source.WriteTo(args[1]);
            Console.WriteLine($"help: {source.Commands.Count} commands, {source.AboutTopics.Count} about topics -> {string.Join(", ", written.Select(Path.GetFileName))}");
            return 0;
        }
        catch (HelpFormatException e)
        {
            // Canonical error format on stdout, which MSBuild's Exec task scans and turns into a build error.
            Console.WriteLine(e.ToMSBuildError());
            return 1;
        }
    }
}
