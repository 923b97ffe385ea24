namespace FirmwareTools.Tests.Help;

/// <summary>A small but complete cmdlet help file in platyPS's layout, with parts the tests replace to break it.</summary>
public static class HelpMarkdown
{
    public const string File = "Set-Widget.md";

    public const string Syntax = """
        ### ByName (Default)

        ```
        Set-Widget [-Name] <String> [-Verify] [-WhatIf] [-Confirm] [<CommonParameters>]
        ```

        ### ByPath

        ```
        Set-Widget -Path <String[]> [-Verify] [-WhatIf] [-Confirm] [<CommonParameters>]
        ```
        """;

    public const string Examples = """
        ### Example 1: By name

        ```powershell
        Set-Widget blue -Verify
        ```

        Sets the blue widget and checks it.

        ### Example 2

        ```powershell
        Get-ChildItem *.w | Set-Widget -Confirm:$false
        ```

        Sets every widget file without asking.
        """;

    public const string VerifyYaml = """
        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```
        """;

    public static string Command(string syntax = Syntax, string examples = Examples, string verifyYaml = VerifyYaml, string synopsis = "## SYNOPSIS\nSets a widget.\n") => $"""
        ---
        external help file: Widgets.dll-Help.xml
        Module Name: Widgets
        schema: 2.0.0
        ---

        # Set-Widget

        {synopsis}
        ## SYNTAX

        {syntax}

        ## DESCRIPTION
        Sets a widget by name or by path.

        Widgets are set one at a time.

        ## EXAMPLES

        {examples}

        ## PARAMETERS

        ### -Name
        The widget's name.

        ```yaml
        Type: String
        Parameter Sets: ByName
        Aliases:

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue)
        Accept wildcard characters: False
        ```

        ### -Path
        Widget files.

        ```yaml
        Type: String[]
        Parameter Sets: ByPath
        Aliases: FullName, PSPath

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: True
        ```

        ### -Verify
        Reads the widget back.

        {verifyYaml}

        ### -WhatIf
        Shows what would happen.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: wi

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Confirm
        Asks first.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: cf

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String
        Widget names.

        ## OUTPUTS

        ### Widgets.Widget
        The widget as set.

        ## NOTES
        Widgets are fragile.

        ## RELATED LINKS

        [about_Widgets](about_Widgets.md)

        [Online](https://example.org/widgets)
        """;

    public const string About = """
        # about_Widgets

        ## SHORT DESCRIPTION
        What widgets are.

        ## LONG DESCRIPTION
        Widgets are small things that many people set every day, and this sentence is long enough to need wrapping at eighty columns.

        ### Setting one

        ```powershell
        Set-Widget blue -Verify   # a comment that runs past the eighty column limit stays on its line, as written here
        ```

        - first point
        - second point
        """;
}
