using System.Collections;
using System.Reflection;

namespace StreamML.Grains.Tests.Serialization;

/// <summary>
/// Builds populated instances by reflection: the public constructor with the most parameters, then every public settable
/// property and field, each given a distinct value (so a member written to the wrong slot shows), collections with two
/// elements. A member whose type has an explicit sample gets that sample; a type it cannot build (abstract, an exception,
/// no public constructor) makes it throw, naming the type.
/// </summary>
internal sealed class SampleValues(IReadOnlyDictionary<Type, object> explicitSamples)
{
    private const int MaxDepth = 8;
    private int _next;

    /// <summary>A generated instance of <paramref name="type"/> (explicit samples stand in for its members only).</summary>
    public object Generate(Type type) => Generated(type, 0)
        ?? throw new NotSupportedException($"{type} cannot be generated; give it an explicit sample");

    private object? Value(Type type, int depth) =>
        explicitSamples.TryGetValue(type, out var sample) ? sample : Generated(type, depth);

    private object? Generated(Type type, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"{type} nests deeper than {MaxDepth} levels");
        }

        var n = ++_next;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Value(underlying, depth);
        }

        if (Scalar(type, n) is { } scalar)
        {
            return scalar;
        }

        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, 2);
            array.SetValue(Value(element, depth + 1), 0);
            array.SetValue(Value(element, depth + 1), 1);
            return array;
        }

        if (type.IsGenericType && Collection(type, depth) is { } collection)
        {
            return collection;
        }

        return Composite(type, depth);
    }

    private static object? Scalar(Type type, int n)
    {
        if (type.IsEnum)
        {
            // A defined value other than the first, so a lost member is not mistaken for its default.
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length > 1 ? 1 + (n % (values.Length - 1)) : 0);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => $"s{n}",
            TypeCode.Boolean => true,
            TypeCode.Byte => (byte)n,
            TypeCode.Int16 => (short)n,
            TypeCode.Int32 => n,
            TypeCode.Int64 => (n * 1_000_003L) + 7,
            TypeCode.Single => n + 0.5f,
            TypeCode.Double => n + 0.25,
            TypeCode.Decimal => n + 0.125m,
            TypeCode.DateTime => DateTime.UnixEpoch.AddMinutes(n),
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddMinutes(n),
            _ when type == typeof(TimeSpan) => TimeSpan.FromMilliseconds(n * 7),
            _ when type == typeof(Guid) => new Guid(n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            _ => null,
        };
    }

    private object? Collection(Type type, int depth)
    {
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(arguments))!;
            for (var i = 0; i < 2; i++)
            {
                dictionary.Add(Value(arguments[0], depth + 1)!, Value(arguments[1], depth + 1));
            }

            return dictionary;
        }

        if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(ICollection<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(arguments))!;
            list.Add(Value(arguments[0], depth + 1));
            list.Add(Value(arguments[0], depth + 1));
            return list;
        }

        return null;
    }

    private object Composite(Type type, int depth)
    {
        if (type.IsAbstract || type.IsInterface || typeof(Exception).IsAssignableFrom(type) || typeof(Delegate).IsAssignableFrom(type))
        {
            throw new NotSupportedException($"{type} cannot be generated; give it an explicit sample");
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null && !type.IsValueType)
        {
            throw new NotSupportedException($"{type} has no public constructor; give it an explicit sample");
        }

        // Boxed, so the setters below change this instance even when the type is a struct.
        var instance = constructor is null
            ? Activator.CreateInstance(type)!
            : constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, depth + 1))]);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            {
                property.SetValue(instance, Value(property.PropertyType, depth + 1));
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => !f.IsInitOnly))
        {
            field.SetValue(instance, Value(field.FieldType, depth + 1));
        }

        return instance;
    }
}
