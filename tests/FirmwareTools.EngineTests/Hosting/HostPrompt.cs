namespace FirmwareTools.EngineTests.Hosting;

/// <summary>One question the engine asked through the host (-Confirm, ShouldContinue) and the answer given.</summary>
public sealed record HostPrompt(string Caption, string Message, IReadOnlyList<string> Choices, string Answer);
