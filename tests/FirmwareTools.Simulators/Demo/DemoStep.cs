namespace FirmwareTools.Simulators.Demo;

/// <summary>One line a user would type at the PowerShell prompt, and why the demo runs it.</summary>
public sealed record DemoStep(string Explanation, string Command);
