using System.Globalization;
using FirmwareTools.Fuzz;
using SharpFuzz;

// FirmwareTools.Fuzz list | fuzz TARGET | replay TARGET FILE-OR-FOLDER...
// "fuzz" is what afl-fuzz runs (tools/fuzz.sh); "replay" runs saved inputs without AFL, for reproducing a crash.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: FirmwareTools.Fuzz list | fuzz TARGET | replay TARGET FILE-OR-FOLDER...");
    return 2;
}

if (args[0] == "list")
{
    foreach (IFuzzTarget t in FuzzTargets.All)
    {
        Console.WriteLine($"{t.Name,-18} {t.Description}");
    }

    return 0;
}

IFuzzTarget? target = args.Length > 1 ? FuzzTargets.Find(args[1]) : null;
if (target is null)
{
    Console.Error.WriteLine($"Unknown target '{(args.Length > 1 ? args[1] : string.Empty)}'; 'list' names them.");
    return 2;
}

switch (args[0])
{
    case "fuzz":
        // A fresh process per input would spend its time starting .NET; SharpFuzz's fork-server stand-in keeps one
        // process and runs each input in it, reporting an escaping exception to AFL++ as a crash.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            Promise.Keep(target, buffer.ToArray());
        });
        return 0;

    case "replay":
        int crashes = 0;
        int files = 0;
        foreach (string path in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : new[] { p }))
        {
            files++;
            try
            {
                // Promise.Keep's rule, with the refusal's message shown (a seed that is refused needs a reason).
                target.Run(File.ReadAllBytes(path));
                Console.WriteLine($"accepted {path}");
            }
            catch (FirmwareTools.Protocols.FirmwareToolsException refused)
            {
                Console.WriteLine($"refused  {path}: {refused.Message}");
            }
            catch (Exception ex)
            {
                crashes++;
                Console.WriteLine($"CRASH    {path}: {ex}");
            }
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} file(s), {1} crash(es)", files, crashes));
        return crashes == 0 ? 0 : 1;

    default:
        Console.Error.WriteLine($"Unknown command '{args[0]}'.");
        return 2;
}
