using System.Collections;
using System.Reflection;

namespace StreamML.Grains.Tests.Serialization;

/// <summary>
/// Compares two object graphs member by member: public properties and fields, dictionaries by key, other collections
/// element-wise in order, scalars by <see cref="object.Equals(object?)"/> (so NaN equals NaN), exceptions by type,
/// message and inner exception. Span-valued properties cannot be read by reflection and are left out.
/// </summary>
internal static class DeepEquality
{
    private const int MaxDepth = 32;

    /// <summary>Where <paramref name="actual"/> differs from <paramref name="expected"/>, one line per difference.</summary>
    public static IReadOnlyList<string> Differences(object? expected, object? actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "value", 0, differences);
        return differences;
    }

    private static void Compare(object? expected, object? actual, string path, int depth, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            }

            return;
        }

        if (depth > MaxDepth)
        {
            differences.Add($"{path}: nested deeper than {MaxDepth} levels");
            return;
        }

        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTime or TimeSpan or Guid)
        {
            if (!expected.Equals(actual))
            {
                differences.Add($"{path}: expected {expected}, got {actual}");
            }

            return;
        }

        if (expected is DateTimeOffset time)
        {
            if (actual is not DateTimeOffset other || time != other || time.Offset != other.Offset)
            {
                differences.Add($"{path}: expected {time:O}, got {actual}");
            }

            return;
        }

        if (expected is Exception exception)
        {
            CompareException(exception, actual, path, depth, differences);
            return;
        }

        if (expected is IDictionary dictionary)
        {
            CompareDictionaries(dictionary, actual, path, depth, differences);
            return;
        }

        if (expected is IEnumerable sequence)
        {
            CompareSequences(sequence, actual, path, depth, differences);
            return;
        }

        if (actual.GetType() != type)
        {
            differences.Add($"{path}: expected a {type}, got a {actual.GetType()}");
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && !property.PropertyType.IsByRefLike)
            {
                Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", depth + 1, differences);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            Compare(field.GetValue(expected), field.GetValue(actual), $"{path}.{field.Name}", depth + 1, differences);
        }
    }

    private static void CompareException(Exception expected, object actual, string path, int depth, List<string> differences)
    {
        if (actual is not Exception other || other.GetType() != expected.GetType())
        {
            differences.Add($"{path}: expected a {expected.GetType()}, got {actual}");
            return;
        }

        Compare(expected.Message, other.Message, $"{path}.Message", depth + 1, differences);
        Compare(expected.InnerException, other.InnerException, $"{path}.InnerException", depth + 1, differences);
    }

    private static void CompareDictionaries(IDictionary expected, object actual, string path, int depth, List<string> differences)
    {
        if (actual is not IDictionary other || other.Count != expected.Count)
        {
            differences.Add($"{path}: expected {expected.Count} entries, got {(actual as IDictionary)?.Count.ToString() ?? actual.ToString()}");
            return;
        }

        foreach (DictionaryEntry entry in expected)
        {
            if (!other.Contains(entry.Key))
            {
                differences.Add($"{path}[{entry.Key}]: missing");
                continue;
            }

            Compare(entry.Value, other[entry.Key], $"{path}[{entry.Key}]", depth + 1, differences);
        }
    }

    private static void CompareSequences(IEnumerable expected, object actual, string path, int depth, List<string> differences)
    {
        var left = expected.Cast<object?>().ToList();
        var right = (actual as IEnumerable)?.Cast<object?>().ToList();
        if (right is null || right.Count != left.Count)
        {
            differences.Add($"{path}: expected {left.Count} elements, got {right?.Count.ToString() ?? actual.ToString()}");
            return;
        }

        for (var i = 0; i < left.Count; i++)
        {
            Compare(left[i], right[i], $"{path}[{i}]", depth + 1, differences);
        }
    }
}
