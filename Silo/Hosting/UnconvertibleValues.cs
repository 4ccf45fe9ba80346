using System.ComponentModel;
using System.Reflection;

namespace StreamML.Silo.Hosting;

/// <summary>
/// Finds configured values that cannot be converted to their option's type. The configuration binder throws at the first
/// such value and binds nothing more of its section, which would hide every other problem; found first, each is reported
/// with its key and left out of the binding, so the rest is still bound and validated.
/// </summary>
internal static class UnconvertibleValues
{
    /// <summary>The keys under <paramref name="section"/> whose values <paramref name="type"/> cannot hold, each with its problem.</summary>
    public static IEnumerable<(string Key, string Problem)> Find(IConfigurationSection section, Type type)
    {
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is null || key.Length <= section.Path.Length)
            {
                continue;
            }

            var target = Follow(type, key[(section.Path.Length + 1)..].Split(ConfigurationPath.KeyDelimiter));
            if (target is not null && Problem(target, value) is { } problem)
            {
                yield return (key, $"{key} '{value}' {problem}");
            }
        }
    }

    /// <summary>The type a configuration path leads to, as the binder walks it; null where the binder ignores the key.</summary>
    private static Type? Follow(Type type, string[] path)
    {
        foreach (var segment in path)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var next = type.IsArray ? type.GetElementType()
                : Generic(type, typeof(IDictionary<,>)) is { } dictionary ? dictionary[1]
                : type != typeof(string) && Generic(type, typeof(IEnumerable<>)) is { } list ? list[0]
                : type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            if (next is null)
            {
                return null;
            }

            type = next;
        }

        return type;
    }

    private static Type[]? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type : null)?.GetGenericArguments()
        ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();

    /// <summary>Why <paramref name="value"/> does not convert to <paramref name="target"/>, or null when it does.</summary>
    private static string? Problem(Type target, string value)
    {
        var type = Nullable.GetUnderlyingType(target) ?? target;
        if (type == typeof(string) || (value.Length == 0 && type != target))
        {
            return null;
        }

        var converter = TypeDescriptor.GetConverter(type);
        if (!converter.CanConvertFrom(typeof(string)))
        {
            return null;
        }

        object? converted;
        try
        {
            converted = converter.ConvertFromInvariantString(value);
        }
        catch (Exception)
        {
            converted = null;
        }

        if (type.IsEnum)
        {
            // The binder also takes numbers, which name no value unless the enum defines them.
            var named = converted is not null && (type.IsDefined(typeof(FlagsAttribute)) || Enum.IsDefined(type, converted));
            return named ? null : $"is not one of {string.Join(", ", Enum.GetNames(type))}.";
        }

        return converted is null ? $"is not a valid {type.Name}." : null;
    }
}
