using System.Text.Json;

namespace StreamML.Silo.Api;

/// <summary>
/// Finds where each item of a request's JSON array lies in the body's UTF-8 bytes, in one pass of a
/// <see cref="Utf8JsonReader"/> that also checks the whole body is valid JSON, so each item can be decoded from its own
/// bytes with nothing parsed twice.
/// </summary>
internal static class JsonItems
{
    /// <summary>
    /// The byte range of each item of the array that is <paramref name="utf8"/> itself, or the value of its
    /// <paramref name="property"/> when it is an object (the last property of that name, as
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> picks); null when there is no such array.
    /// </summary>
    /// <param name="utf8">The body.</param>
    /// <param name="property">The property that holds the items when the body is an object.</param>
    /// <param name="maxDepth">The deepest nesting the body may have.</param>
    /// <param name="maxItems">Items beyond this many are not located: the list then holds one more than this, and the caller refuses it.</param>
    /// <exception cref="JsonException">The body is not valid JSON, or nests deeper than <paramref name="maxDepth"/>.</exception>
    public static List<Range>? Locate(ReadOnlySpan<byte> utf8, string property, int maxDepth = 64, int maxItems = int.MaxValue - 1)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        reader.Read();
        List<Range>? items = null;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            items = Items(ref reader, maxItems);
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var named = reader.ValueTextEquals(property);
                reader.Read();
                if (named && reader.TokenType == JsonTokenType.StartArray)
                {
                    items = Items(ref reader, maxItems);
                    continue;
                }

                if (named)
                {
                    items = null;
                }

                reader.Skip();
            }
        }

        // Whatever follows must be valid too: a body with anything after its value is not JSON.
        while (reader.Read())
        {
        }

        return items;
    }

    /// <summary>
    /// The value of the last <paramref name="name"/> property of an item that is an object, when that value is a string.
    /// </summary>
    public static string? StringProperty(ReadOnlySpan<byte> item, string name)
    {
        var reader = new Utf8JsonReader(item);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var named = reader.ValueTextEquals(name);
            reader.Read();
            if (named)
            {
                value = reader.TokenType == JsonTokenType.String ? StringOrNull(ref reader) : null;
            }

            reader.Skip();
        }

        return value;
    }

    /// <summary>The string token's value; null when it is not valid UTF-8 (which only reading the string reveals).</summary>
    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static List<Range> Items(ref Utf8JsonReader reader, int maxItems)
    {
        var items = new List<Range>();
        while (items.Count <= maxItems && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            items.Add(new Range(start, (int)reader.BytesConsumed));
        }

        return items;
    }
}
