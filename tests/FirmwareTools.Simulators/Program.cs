namespace FirmwareTools.Simulators;

internal static class Program
{
    private static int Main(string[] args)
    {
        System.Console.Error.WriteLine("usage: FirmwareTools.Simulators <command>  (commands arrive with the simulators)");
        return args.Length == 0 ? 2 : 0;
    }
}
