using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using FirmwareTools.Simulators.Demo;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>demo [--time-scale X]</c>: README's main job on a machine without boards, with the real cmdlets. It hosts the
/// PowerShell 7.6 engine, imports the built module from out/FirmwareTools as a user does, puts virtual boards on
/// the bench (each reached the way a user reaches serve-dfu, through the environment), types each board's commands
/// at it and prints PowerShell's own rendering of the results, with a progress bar on the console; then checks
/// the boards ended as they should.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The boards on the demo bench, in order.</summary>
    private static IDemoBoard[] CreateBoards() => [new PyboardDemo(), new Esp32Demo(), new Esp32S3UsjDemo(), new ReplDemo(), new PicoDemo()];

    public static int Run(string[] args)
    {
        double timeScale = 0.05;
        if (args.Length == 2 && args[0] == "--time-scale")
        {
            timeScale = double.Parse(args[1], CultureInfo.InvariantCulture);
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine(Program.Usage);
            return 2;
        }

        string? manifest = FindModule();
        if (manifest is null)
        {
            Console.Error.WriteLine("out/FirmwareTools/FirmwareTools.psd1 is missing: build the module first (dotnet build -c Release).");
            return 1;
        }

        string folder = Directory.CreateTempSubdirectory("firmwaretools-demo-").FullName;
        IDemoBoard[] boards = CreateBoards();
        try
        {
            return Demo(manifest, folder, boards, timeScale);
        }
        finally
        {
            foreach (IDemoBoard board in boards)
            {
                board.Dispose();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Demo(string manifest, string folder, IDemoBoard[] boards, double timeScale)
    {
        bool redirected = Console.IsOutputRedirected;
        int width = redirected ? 80 : Math.Max(80, Console.WindowWidth);
        var ui = new DemoUserInterface(Console.Out, Console.Error, width, plain: redirected, interactiveProgress: !Console.IsErrorRedirected);
        using Runspace runspace = RunspaceFactory.CreateRunspace(new DemoHost(ui), InitialSessionState.CreateDefault2());
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(folder);

        Console.WriteLine($"FirmwareTools demo: the real cmdlets in PowerShell {PSVersion(runspace)} against virtual boards (flash timing x{timeScale.ToString(CultureInfo.InvariantCulture)}).");
        Console.WriteLine();
        if (!Type(runspace, $"Import-Module '{manifest}'", "Import the module built into out/FirmwareTools."))
        {
            return 1;
        }

        bool ok = true;
        foreach (IDemoBoard board in boards)
        {
            Console.WriteLine($"--- {board.Title} ---");
            Console.WriteLine();
            foreach (KeyValuePair<string, string> variable in board.Start(folder, timeScale))
            {
                if (!Type(runspace, $"$env:{variable.Key} = '{variable.Value}'", "Point the module at the virtual board, as for serve-dfu."))
                {
                    return 1;
                }
            }

            foreach (DemoStep step in board.Steps)
            {
                ok &= Type(runspace, step.Command, step.Explanation);
            }

            ok &= board.Check(Console.Out);
            Console.WriteLine();
        }

        Console.WriteLine(ok ? "Demo finished: every step succeeded." : "Demo FAILED: see the errors above.");
        return ok ? 0 : 1;
    }

    /// <summary>Shows the command as typed at a prompt, runs it with PowerShell's own formatting (Out-Default), and reports errors as pwsh would.</summary>
    private static bool Type(Runspace runspace, string command, string explanation)
    {
        Console.WriteLine($"# {explanation}");
        Console.WriteLine($"PS> {command}");
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(command).AddCommand("Out-Default");
        try
        {
            ps.Invoke();
        }
        catch (RuntimeException e)
        {
            Console.WriteLine($"{e.ErrorRecord.FullyQualifiedErrorId}: {e.Message}");
            return false;
        }

        foreach (ErrorRecord error in ps.Streams.Error)
        {
            Console.WriteLine($"{error.FullyQualifiedErrorId}: {error}");
        }

        Console.WriteLine();
        return ps.Streams.Error.Count == 0;
    }

    private static string PSVersion(Runspace runspace)
    {
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = runspace;
        return ps.AddScript("$PSVersionTable.PSVersion.ToString()").Invoke().FirstOrDefault()?.ToString() ?? "?";
    }

    /// <summary>out/FirmwareTools/FirmwareTools.psd1 of the repository this program was built in.</summary>
    private static string? FindModule()
    {
        for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "FirmwareTools.sln")))
            {
                string manifest = Path.Combine(dir, "out", "FirmwareTools", "FirmwareTools.psd1");
                return File.Exists(manifest) ? manifest : null;
            }
        }

        return null;
    }
}
