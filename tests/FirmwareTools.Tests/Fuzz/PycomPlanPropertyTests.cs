using System.Globalization;
using System.Text;
using CsCheck;
using FirmwareTools.Fuzz;
using FirmwareTools.Fuzz.Targets;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>
/// Generated Pycom v2.1 scripts (partition overrides, erases and writes of named partitions and hex offsets, aligned or
/// not) against a fixed WiPy package: whatever the script, a plan the planner returns never reaches past the flash, off
/// a sector, over another write or onto the config block (fixed seeds). Scripts it cannot honour are refused the project's way.
/// </summary>
public class PycomPlanPropertyTests
{
    private static readonly string[] Names = { "bootloader", "partitions", "factory", "ota_0", "otadata", "fs", "fs1", "all", "cb", "config", "nvs", "ota" };

    private static readonly string[] Members = { "bootloader.bin", "partitions.bin", "wipy.bin", "factory_fw.bin", "fs.bin" };

    /// <summary>Mostly sector-aligned numbers up to 9 MiB, sometimes anything.</summary>
    private static readonly Gen<uint> Offset = Gen.Frequency((4, Gen.UInt[0, 0x900].Select(s => s * 0x1000)), (1, Gen.UInt[0, 0x900000]));

    private static readonly Gen<uint> Size = Gen.Frequency((4, Gen.UInt[1, 0x800].Select(s => s * 0x1000)), (1, Gen.UInt[1, 0x900000]));

    private static readonly Gen<string> Target = Gen.Frequency((2, Gen.Int[0, Names.Length - 1].Select(i => Names[i])), (1, Offset.Select(Hex)));

    private static readonly Gen<string> Instruction =
        Gen.Select(Gen.Int[0, 2], Target, Size, Gen.Int[0, Members.Length - 1].Select(i => Members[i]), Gen.Bool)
           .Select((op, target, size, member, named) => op switch
           {
               0 when named => $"[\"e\", \"{target}\"]",
               0 => $"[\"e\", \"{target}\", \"{Hex(size)}\"]",
               1 => $"[\"w\", \"{target}\", \"{member}\"]",
               _ => $"[\"o\", \"{target}\", \"{member}\"]",
           });

    private static readonly Gen<string> Partition = Gen.Select(Gen.Int[0, Names.Length - 1].Select(i => Names[i]), Offset, Size).Select((n, o, s) => $"\"{n}\": [\"{Hex(o)}\", \"{Hex(s)}\"]");

    private static readonly Gen<string> Script = Gen.Select(Partition.Array[0, 3], Instruction.Array[1, 6])
        .Select((p, i) => $"{{\"version\": \"2.1\", \"partitions\": {{{string.Join(", ", p.DistinctBy(x => x.Split(':')[0]))}}}, \"script\": [{string.Join(", ", i)}]}}");

    [Fact]
    public void Pycom_plan_never_writes_outside_the_flash_for_generated_scripts()
    {
        PycomPackage package = PycomScriptTarget.WiPyPackage;
        var members = package.Members.ToDictionary(m => m.Name, StringComparer.Ordinal);
        int plans = 0;
        int refused = 0;
        Deterministic.ForAll(Script, json =>
        {
            PycomScript script;
            try
            {
                script = PycomScriptParser.Parse(Encoding.UTF8.GetBytes(json), "property.tar.gz", "script2");
                PycomPackage.CheckScript(script, members, "property.tar.gz");
            }
            catch (PycomPackageException)
            {
                refused++;
                return;
            }

            foreach (long flashSize in new[] { 4L * 1024 * 1024, 8L * 1024 * 1024 })
            {
                foreach (bool includeConfigBlock in new[] { false, true })
                {
                    PycomFlashPlan plan;
                    try
                    {
                        plan = PycomPlanner.Plan(package, script, flashSize, new PycomPlanOptions { IncludeConfigBlock = includeConfigBlock });
                    }
                    catch (PycomPackageException e)
                    {
                        Assert.Equal("PycomPackageInvalid", e.ErrorId);
                        refused++;
                        continue;
                    }

                    PlanCheck.Check(plan, flashSize, includeConfigBlock);
                    Assert.All(plan.Steps, s => Assert.True(s.End <= flashSize, $"{s} ends past {flashSize}"));
                    plans++;
                }
            }
        }, iterations: 300);

        // Both outcomes occur, so the generator reaches the planner's checks and its accepted plans.
        Assert.True(plans > 20, $"{plans} plans made");
        Assert.True(refused > 20, $"{refused} refused");
    }

    private static string Hex(uint value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);
}
