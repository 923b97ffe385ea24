using System.Security.Cryptography;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Fuzz;

/// <summary>What every Pycom flash plan must be, whatever script made it: inside the flash, on sectors, data as announced.</summary>
public static class PlanCheck
{
    public static void Check(PycomFlashPlan plan, long flashSize, bool includeConfigBlock)
    {
        ArgumentNullException.ThrowIfNull(plan);
        BrokenPromiseException.Check(plan.FlashSize == flashSize, "the plan is for the flash size asked");
        PycomPartition cb = new PycomPartitionMap(plan.Script.Partitions).ConfigBlock;
        foreach (PycomPlanStep step in plan.Steps)
        {
            BrokenPromiseException.Check(step.Length > 0, $"a step has bytes: {step}");
            BrokenPromiseException.Check(step.End <= flashSize, $"a step stays inside the {flashSize}-byte flash: {step}");
            if (!includeConfigBlock && cb.Size > 0)
            {
                BrokenPromiseException.Check(step.End <= cb.Offset || step.Offset >= cb.End, $"a step leaves the config block {cb} alone: {step}");
            }

            using Stream? data = step.OpenData();
            if (step.Kind == PycomPlanStepKind.Erase)
            {
                BrokenPromiseException.Check(data is null, "an erase carries no data");
                BrokenPromiseException.Check(step.Offset % 4096 == 0 && step.Length % 4096 == 0, $"an erase covers whole sectors: {step}");
                continue;
            }

            BrokenPromiseException.Check(data is not null && data.Length == step.Length, $"a write sends exactly its length: {step}");
            BrokenPromiseException.Check(step.Length % 4 == 0, $"a write is padded to whole words: {step}");
            BrokenPromiseException.Check(Convert.ToHexStringLower(MD5.HashData(data!)) == step.Md5, $"a write's MD5 is of its bytes: {step}");
        }

        PycomPlanStep[] writes = plan.Steps.Where(s => s.Kind == PycomPlanStepKind.Write).OrderBy(s => s.Offset).ToArray();
        for (int i = 1; i < writes.Length; i++)
        {
            BrokenPromiseException.Check(writes[i].Offset >= writes[i - 1].End, $"writes do not overlap: {writes[i - 1]} and {writes[i]}");
        }

        BrokenPromiseException.Check(plan.Description.Length > 0, "a plan describes itself");
    }
}
