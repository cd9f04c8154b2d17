using System.Reflection;
using System.Reflection.Emit;
using TuneBot.Core.Audio;
using Xunit;

namespace TuneBot.Tests.Architecture;

/// <summary>
/// No Core namespace depends on another that depends back on it. Dependencies are read from the compiled Core
/// assembly: every type's signatures (base type, interfaces, fields, properties, method parameters and returns) and
/// every method body's IL (the types, fields and methods it names), so a fully qualified name in a body counts too.
/// </summary>
public sealed class NamespaceCycleTests
{
    private static readonly Assembly Core = typeof(AudioDecoder).Assembly;

    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = DependencyGraph.Of(Core, "TuneBot.Core");
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "Core namespace cycles:\n" + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void The_check_sees_a_dependency_named_only_in_a_method_body()
    {
        // Tests.Architecture names Core.Features only inside BodyOnly.Probe's body (a typeof): the graph must see it.
        var graph = DependencyGraph.Of(typeof(NamespaceCycleTests).Assembly, "TuneBot.Tests.Architecture");
        Assert.Contains("TuneBot.Core.Features", graph.Edges.GetValueOrDefault("TuneBot.Tests.Architecture") ?? []);
    }

    private static class BodyOnly
    {
        public static int Probe() => typeof(TuneBot.Core.Features.Stft).Name.Length;
    }
}

/// <summary>Namespace → namespaces it uses, within one prefix, with one example type pair per edge.</summary>
internal sealed class DependencyGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public Dictionary<string, HashSet<string>> Edges { get; } = [];
    private readonly Dictionary<(string, string), string> _example = [];

    public static DependencyGraph Of(Assembly assembly, string prefix)
    {
        var graph = new DependencyGraph();
        foreach (var type in assembly.GetTypes())
        {
            var from = NamespaceOf(type);
            if (from is null || !from.StartsWith(prefix, StringComparison.Ordinal)) continue;
            foreach (var used in Referenced(type))
            {
                var to = NamespaceOf(used);
                if (to is null || to == from || !to.StartsWith("TuneBot", StringComparison.Ordinal)) continue;
                if (!graph.Edges.TryGetValue(from, out var set)) graph.Edges[from] = set = [];
                if (set.Add(to)) graph._example[(from, to)] = $"{type.FullName} → {used.FullName}";
            }
        }
        return graph;
    }

    /// <summary>Every set of namespaces that reach each other (strongly connected, more than one).</summary>
    public List<List<string>> Cycles()
    {
        var nodes = Edges.Keys.Concat(Edges.Values.SelectMany(v => v)).Distinct().Order().ToList();
        var reach = nodes.ToDictionary(n => n, n => Reachable(n));
        return nodes.Select(n => nodes.Where(m => m == n || reach[n].Contains(m) && reach[m].Contains(n)).ToList())
            .Where(c => c.Count > 1).DistinctBy(c => string.Join(",", c)).ToList();
    }

    public string Describe(List<string> cycle) => string.Join(", ", cycle) + ": " + string.Join("; ",
        _example.Where(e => cycle.Contains(e.Key.Item1) && cycle.Contains(e.Key.Item2)).Select(e => e.Value));

    private HashSet<string> Reachable(string start)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var n))
            foreach (var m in Edges.GetValueOrDefault(n) ?? [])
                if (seen.Add(m)) stack.Push(m);
        return seen;
    }

    private static string? NamespaceOf(Type t)
    {
        while (t.IsNested) t = t.DeclaringType!;
        return t.Namespace;
    }

    private static IEnumerable<Type> Referenced(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericType && !t.IsGenericTypeDefinition) foreach (var a in t.GetGenericArguments()) Add(a);
            if (!t.IsGenericParameter) found.Add(t);
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(All)) Add(f.FieldType);
        foreach (var p in type.GetProperties(All)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            foreach (var t in BodyReferences(m)) Add(t);
        }
        return found;
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try { member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (ArgumentException) { }
                if (member is Type t) yield return t;
                else if (member?.DeclaringType is { } d) yield return d;
                if (member is FieldInfo f) yield return f.FieldType;
                if (member is MethodInfo m) yield return m.ReturnType;
            }
            i += size;
        }
    }
}
