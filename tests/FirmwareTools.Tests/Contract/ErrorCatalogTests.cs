using System.Reflection;
using FirmwareTools.Protocols;
using FirmwareTools.Testing;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// The error catalog holds (docs/design.md, "Errors"): every ErrorId the product can raise is a static readonly
/// <see cref="ErrorDefinition"/> field, unique, PascalCase and listed in about_FirmwareTools' ERRORS table; failure
/// types exist only where code catches them by type; and no message names a parameter or cmdlet that does not exist.
/// Each check is also fed a bad sample, so a check that cannot fail is caught too.
/// </summary>
public sealed class ErrorCatalogTests
{
    private static readonly Assembly[] Shipped = [typeof(ErrorDefinition).Assembly, typeof(global::FirmwareTools.FirmwareCmdlet).Assembly];

    private static IEnumerable<Type> ShippedTypes => Shipped.SelectMany(a => a.GetTypes());

    private static IReadOnlyList<string> Table =>
        ErrorCatalog.TableIds(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "help", "about_FirmwareTools.md")));

    [Fact]
    public void Every_id_is_unique_PascalCase_and_has_its_row_in_the_about_topic_and_every_row_an_id()
    {
        var catalog = ErrorCatalog.Entries(ShippedTypes);

        Assert.True(catalog.Count > 100, $"Only {catalog.Count} catalog entries were found.");
        Assert.Empty(ErrorCatalog.IdProblems(catalog, Table));
    }

    [Fact]
    public void The_id_check_fails_on_a_duplicate_a_lower_case_id_a_missing_row_an_extra_row_and_an_unsorted_table()
    {
        var catalog = new List<(string, ErrorDefinition)>
        {
            ("A.OneId", new ErrorDefinition("SameId", FirmwareErrorKind.NotFound)),
            ("B.TwoId", new ErrorDefinition("SameId", FirmwareErrorKind.Timeout)),
            ("C.ThreeId", new ErrorDefinition("notPascal", FirmwareErrorKind.Timeout)),
            ("D.FourId", new ErrorDefinition("NoRow", FirmwareErrorKind.Timeout)),
        };

        IReadOnlyList<string> problems = ErrorCatalog.IdProblems(catalog, ["notPascal", "SameId", "Stale"]);

        Assert.Contains(problems, p => p.StartsWith("SameId is the id of A.OneId and B.TwoId", StringComparison.Ordinal));
        Assert.Contains("notPascal (C.ThreeId) is not PascalCase.", problems);
        Assert.Contains("NoRow has no row in the ERRORS table of docs/help/about_FirmwareTools.md.", problems);
        Assert.Contains("The ERRORS table of about_FirmwareTools lists Stale, which no catalog entry defines.", problems);
        Assert.Contains("The ERRORS table of about_FirmwareTools is not sorted by ErrorId.", problems);
    }

    [Fact]
    public void The_table_is_read_from_the_errors_section_only()
    {
        const string Markdown = "## LONG DESCRIPTION\n| Not | A | Row |\n## ERRORS\nText.\n\n| ErrorId | When | What to do |\n|---|---|---|\n| FirstId | a | b |\n| SecondId | c | d |\n\n## SEE ALSO\n| Other | x | y |\n";

        Assert.Equal(["FirstId", "SecondId"], ErrorCatalog.TableIds(Markdown));
        Assert.Empty(ErrorCatalog.TableIds("## SEE ALSO\n"));
    }

    [Fact]
    public void Definitions_are_made_only_in_static_readonly_field_initializers()
    {
        Assert.Empty(ErrorCatalog.DefinitionsOutsideTheCatalog(ShippedTypes));
    }

    [Fact]
    public void The_definition_check_fails_on_a_definition_made_in_a_method_or_kept_in_a_mutable_field()
    {
        IReadOnlyList<string> problems = ErrorCatalog.DefinitionsOutsideTheCatalog([typeof(OffCatalog), typeof(MutableCatalog), typeof(GoodCatalog)]);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("OffCatalog.Make", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("MutableCatalog..cctor", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_failure_type_takes_its_ErrorId_from_the_catalog()
    {
        Assert.Empty(ErrorCatalog.IdsNotFromTheCatalog(ErrorCatalog.FailureTypes(ShippedTypes)));
    }

    [Fact]
    public void The_id_source_check_fails_on_a_type_that_writes_its_id_itself()
    {
        Assert.Equal(
            [$"{typeof(OwnIdFailure).FullName}.ErrorId does not return a catalog entry's Id (it has a string literal)."],
            ErrorCatalog.IdsNotFromTheCatalog([typeof(OwnIdFailure), typeof(CatalogIdFailure)]));
    }

    [Fact]
    public void Every_failure_type_is_caught_by_type_somewhere_in_src()
    {
        IReadOnlySet<Type> caught = ErrorCatalog.CaughtTypes(ShippedTypes);

        Assert.Empty(ErrorCatalog.TypesNobodyCatches(ErrorCatalog.FailureTypes(ShippedTypes), caught));
    }

    [Fact]
    public void The_caught_check_sees_catch_clauses_and_is_tests_and_fails_on_a_type_nobody_catches()
    {
        IReadOnlySet<Type> caught = ErrorCatalog.CaughtTypes([typeof(Catcher)]);

        Assert.Contains(typeof(CatalogIdFailure), caught);
        Assert.Contains(typeof(OwnIdFailure), caught);
        Assert.Equal(
            [$"{typeof(UncaughtFailure).FullName} is a failure type no code in src catches by type; make it a catalog entry with a factory (see CommonErrors)."],
            ErrorCatalog.TypesNobodyCatches([typeof(CatalogIdFailure), typeof(OwnIdFailure), typeof(UncaughtFailure)], caught));
    }

    [Fact]
    public void Messages_name_only_parameters_and_cmdlets_that_exist()
    {
        ModuleMetadata module = ModuleMetadata.Instance;
        IReadOnlySet<string> cmdlets = module.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        IEnumerable<string> strings = new[] { module.Protocols.Location, module.Module.Location }.SelectMany(ErrorCatalog.UserStrings);

        Assert.Empty(ErrorCatalog.NamesThatDoNotExist(strings, ErrorCatalog.ParametersOf(module.Cmdlets), cmdlets));
    }

    [Fact]
    public void The_message_check_reads_the_string_literals_of_the_built_assemblies()
    {
        IReadOnlyList<string> strings = ErrorCatalog.UserStrings(ModuleMetadata.Instance.Protocols.Location);

        Assert.Contains(strings, s => s.Contains("Choose another file name, or use -Force to overwrite the existing backup.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_message_check_fails_on_a_parameter_or_cmdlet_that_does_not_exist()
    {
        var parameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Port", "Force" };
        var cmdlets = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Get-Widget" };

        IReadOnlyList<string> problems = ErrorCatalog.NamesThatDoNotExist(
            [
                "Use -Port COM5 or -Force, -Confirm:$false, (-Verbose) or '-WhatIf'; Get-Widget and Get-Help list them; UTF-8 and G23-GND are not names.",
                "Pass -Baud 115200 (see `-Colour`), then run Get-Gadget; Install-Thing takes it.",
            ],
            parameters,
            cmdlets);

        Assert.Equal(
            [
                "-Baud is no parameter of a FirmwareTools cmdlet (in \"Pass -Baud 115200 (see `-Colour`), then run Get-Gadget; Install-Thing takes it.\").",
                "-Colour is no parameter of a FirmwareTools cmdlet (in \"Pass -Baud 115200 (see `-Colour`), then run Get-Gadget; Install-Thing takes it.\").",
                "Get-Gadget is no FirmwareTools cmdlet nor one of PowerShell's on the allow-list (in \"Pass -Baud 115200 (see `-Colour`), then run Get-Gadget; Install-Thing takes it.\").",
                "Install-Thing is no FirmwareTools cmdlet nor one of PowerShell's on the allow-list (in \"Pass -Baud 115200 (see `-Colour`), then run Get-Gadget; Install-Thing takes it.\").",
            ],
            problems);
    }

    private static class OffCatalog
    {
        public static ErrorDefinition Make() => new("MadeInAMethod", FirmwareErrorKind.Timeout);
    }

    private static class MutableCatalog
    {
        public static ErrorDefinition Mutable = new("Mutable", FirmwareErrorKind.Timeout);
    }

    private static class GoodCatalog
    {
        public static readonly ErrorDefinition GoodId = new("Good", FirmwareErrorKind.Timeout);
    }

    private sealed class OwnIdFailure() : FirmwareToolsException("m", null, null, null)
    {
        public override string ErrorId => "OwnId";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.Timeout;
    }

    private sealed class CatalogIdFailure() : FirmwareToolsException("m", null, null, null)
    {
        public override string ErrorId => GoodCatalog.GoodId.Id;

        public override FirmwareErrorKind Kind => GoodCatalog.GoodId.Kind;
    }

    private sealed class UncaughtFailure() : FirmwareToolsException("m", null, null, null)
    {
        public override string ErrorId => GoodCatalog.GoodId.Id;

        public override FirmwareErrorKind Kind => GoodCatalog.GoodId.Kind;
    }

    private static class Catcher
    {
        public static string Run(Action action)
        {
            try
            {
                action();
                return "ran";
            }
            catch (CatalogIdFailure e)
            {
                return e.ErrorId;
            }
            catch (Exception e) when (e is OwnIdFailure)
            {
                return "own";
            }
        }
    }
}
