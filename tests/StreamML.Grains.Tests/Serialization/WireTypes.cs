using System.Reflection;

namespace StreamML.Grains.Tests.Serialization;

/// <summary>
/// The types StreamML puts on the wire or in grain storage, found by reflection over the product assemblies next to the
/// tests: every <c>[GenerateSerializer]</c> type, and every type a registered converter turns into a surrogate.
/// </summary>
internal static class WireTypes
{
    /// <summary>The product assemblies: StreamML's own, not its tests, test helpers or benchmarks.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } = LoadAssemblies();

    /// <summary>Every wire type, ordered by name.</summary>
    public static IReadOnlyList<Type> All { get; } = Find();

    private static Assembly[] LoadAssemblies() =>
    [
        .. Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not null && (name.StartsWith("StreamML.", StringComparison.Ordinal) || name == "streamml"))
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal) && name is not "StreamML.Testing" and not "StreamML.Benchmarks")
            .Select(name => Assembly.Load(name!))
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal),
    ];

    private static Type[] Find()
    {
        var found = new HashSet<Type>();
        foreach (var type in Assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) && !type.IsGenericTypeDefinition)
            {
                found.Add(type);
            }

            if (type.IsDefined(typeof(RegisterConverterAttribute), inherit: false))
            {
                foreach (var converter in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConverter<,>)))
                {
                    found.Add(converter.GetGenericArguments()[0]);
                }
            }
        }

        return [.. found.OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }
}
