namespace FirmwareTools.Tests.Contract;

/// <summary>
/// Which folder (namespace) of an assembly uses which: an edge A → B says a type in A names a type in B.
/// Pure, so a test can feed it a synthetic edge list and see it find a cycle.
/// </summary>
public sealed class FolderGraph
{
    private readonly Dictionary<string, SortedSet<string>> edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), string> examples = [];

    public FolderGraph(IEnumerable<(string From, string To)> edgeList)
    {
        foreach ((string from, string to) in edgeList)
        {
            if (from == to)
            {
                continue;
            }

            Targets(from).Add(to);
            Targets(to);
        }
    }

    /// <summary>Common/ declares its types in the root namespace (FirmwareTools.Protocols), so every folder reads them without a using.</summary>
    public const string CommonFolder = "Common";

    public IEnumerable<(string From, string To)> Edges =>
        edges.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Select(to => (e.Key, to)));

    /// <summary>The folder graph of the types in <paramref name="assembly"/> under <paramref name="rootNamespace"/>.</summary>
    public static FolderGraph Of(System.Reflection.Assembly assembly, string rootNamespace)
    {
        var list = new List<(string, string)>();
        var examples = new Dictionary<(string, string), string>();
        foreach (Type type in assembly.GetTypes())
        {
            string? from = FolderOf(type, rootNamespace);
            if (from == null)
            {
                continue;
            }

            foreach (Type used in TypeReferenceScanner.ReferencedTypes(type))
            {
                if (used.Assembly == assembly && FolderOf(used, rootNamespace) is { } to)
                {
                    list.Add((from, to));
                    examples.TryAdd((from, to), $"{type.FullName} uses {used.FullName}");
                }
            }
        }

        var graph = new FolderGraph(list);
        foreach (var e in examples)
        {
            graph.examples[e.Key] = e.Value;
        }

        return graph;
    }

    /// <summary>The first namespace segment below the root ("Esp32" for FirmwareTools.Protocols.Esp32.Targets).</summary>
    public static string? FolderOf(Type type, string rootNamespace)
    {
        string? ns = type.Namespace;
        if (ns == null || !ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal))
        {
            return ns == rootNamespace ? CommonFolder : null;
        }

        string rest = ns[(rootNamespace.Length + 1)..];
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Each cycle (strongly connected component of more than one folder), folders sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        // Tarjan's algorithm: folders that can reach each other form one component.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        int next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in edges[v])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (string v in edges.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }

    /// <summary>The edges <paramref name="allowed"/> does not list (a folder missing from it may use nothing).</summary>
    public IReadOnlyList<string> EdgesNotIn(IReadOnlyDictionary<string, string[]> allowed) =>
        Edges.Where(e => !(allowed.TryGetValue(e.From, out string[]? to) && to.Contains(e.To, StringComparer.Ordinal)))
            .Select(e => $"{e.From} -> {e.To}" + (examples.TryGetValue(e, out string? why) ? $" ({why})" : ""))
            .ToList();

    private SortedSet<string> Targets(string folder)
    {
        if (!edges.TryGetValue(folder, out SortedSet<string>? set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            edges[folder] = set;
        }

        return set;
    }
}
