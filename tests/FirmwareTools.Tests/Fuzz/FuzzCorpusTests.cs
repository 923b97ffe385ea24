using FirmwareTools.Fuzz;
using FirmwareTools.Testing;
using FirmwareTools.Tests.Contract;
using Xunit;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>
/// Every seed and every crash or hang AFL++ saved (tests/FirmwareTools.Fuzz/corpus/&lt;target&gt;/{seed,regression}) is
/// replayed through the same target code AFL++ runs, without AFL: the parser returns a sound object or throws the
/// project's own exception. A regression file that crashes again is a bug come back.
/// </summary>
public class FuzzCorpusTests
{
    private static string Corpus => Path.Combine(RepoPaths.Root, "tests", "FirmwareTools.Fuzz", "corpus");

    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in Directory.GetDirectories(Corpus).Order(StringComparer.Ordinal))
        {
            string target = Path.GetFileName(folder);
            foreach (string kind in new[] { "seed", "regression" })
            {
                string dir = Path.Combine(folder, kind);
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                foreach (string file in Directory.GetFiles(dir).Where(f => Path.GetFileName(f) != ".gitkeep").Order(StringComparer.Ordinal))
                {
                    data.Add(target, Path.GetRelativePath(Corpus, file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_file_keeps_the_promise(string target, string file)
    {
        IFuzzTarget fuzzTarget = FuzzTargets.Find(target) ?? throw new Xunit.Sdk.XunitException($"corpus/{target} has no registered target");
        byte[] input = File.ReadAllBytes(Path.Combine(Corpus, file));

        Exception? escaped = Record.Exception(() => Promise.Keep(fuzzTarget, input));

        Assert.True(escaped is null, $"{file} broke the promise: {escaped}");
    }

    [Fact]
    public void Every_target_has_a_corpus_folder_with_seeds_and_every_folder_a_target()
    {
        string[] folders = Directory.GetDirectories(Corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        string[] targets = FuzzTargets.All.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(targets, folders);
        Assert.All(targets, t => Assert.NotEmpty(Directory.GetFiles(Path.Combine(Corpus, t, "seed"))));
        Assert.Equal(targets.Length, targets.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Seeds_are_valid_vectors_that_the_parsers_accept()
    {
        // A seed the parser refuses starts the fuzzer in the error paths only; the short GETSTATUS reply is the one deliberate exception.
        var refused = FuzzTargets.All
            .SelectMany(t => Directory.GetFiles(Path.Combine(Corpus, t.Name, "seed")).Select(f => (Target: t, File: f)))
            .Where(x => !Promise.Keep(x.Target, File.ReadAllBytes(x.File)))
            .Select(x => Path.GetRelativePath(Corpus, x.File))
            .ToArray();

        Assert.Equal(new[] { Path.Combine("dfu-status", "seed", "short-reply") }, refused);
    }

    [Fact]
    public void Empty_input_keeps_the_promise_for_every_target()
    {
        Assert.All(FuzzTargets.All, t => Assert.Null(Record.Exception(() => Promise.Keep(t, Array.Empty<byte>()))));
    }

    [Fact]
    public void A_broken_promise_escapes_the_harness()
    {
        // The harness itself must be able to fail: an escaping BCL exception is not swallowed.
        var ex = Record.Exception(() => Promise.Keep(new ThrowingTarget(), new byte[] { 1 }));
        Assert.IsType<IndexOutOfRangeException>(ex);
    }

    private sealed class ThrowingTarget : IFuzzTarget
    {
        public string Name => "throwing";

        public string Description => "throws IndexOutOfRangeException";

        public void Run(byte[] input) => throw new IndexOutOfRangeException();
    }
}
