using System.Buffers;
using System.Text;
using System.Text.Json;

namespace StreamML.Core.Privacy;

/// <summary>Dead letters: what of an undecodable record's payload may be kept.</summary>
public sealed partial class Pseudonymiser
{
    /// <summary>
    /// What a dead letter keeps of <paramref name="utf8"/>, at most <paramref name="maxChars"/> characters of it. Without
    /// pseudonymisation the payload is kept as it came. With it, a payload that is valid JSON is kept with the value of
    /// every covered field, at any depth, replaced by its pseudonym (strings and numbers; an object or array under such a
    /// field becomes null), so what was wrong stays visible; a payload that is not JSON is dropped, as nothing in it can be
    /// told apart from an id. The top-level <c>entity</c> and <c>id</c> are recognised either way, so that erasure
    /// finds the dead letter.
    /// </summary>
    public ProtectedPayload Protect(ReadOnlySpan<byte> utf8, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxChars);
        var output = new ArrayBufferWriter<byte>(Math.Min(utf8.Length + 64, 64 * 1024));
        string? entity = null, id = null;
        var rewritten = false;
        try
        {
            using (var writer = new Utf8JsonWriter(output))
            {
                Rewrite(utf8, writer, ref entity, ref id);
            }

            rewritten = true;
        }
        catch (JsonException)
        {
            // Not JSON: nothing is rewritten, and with pseudonymisation on nothing of the payload is kept.
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader reports text that is not valid UTF-8 this way when a string is read.
        }

        if (_key is null)
        {
            var raw = Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, maxChars)]);
            return new ProtectedPayload(raw, entity, id);
        }

        if (!rewritten)
        {
            // What was recognised before the payload broke off is already pseudonymised: it lets erasure find the letter.
            return new ProtectedPayload(null, entity, id);
        }

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        return new ProtectedPayload(text.Length > maxChars ? text[..maxChars] : text, entity, id);
    }

    private void Rewrite(ReadOnlySpan<byte> utf8, Utf8JsonWriter writer, ref string? entity, ref string? id)
    {
        var reader = new Utf8JsonReader(utf8);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    var topLevel = reader.CurrentDepth == 1;
                    writer.WritePropertyName(name);
                    reader.Read();
                    if (Covers(name))
                    {
                        var value = WriteCovered(ref reader, writer);
                        entity = topLevel && name == EntityField ? value : entity;
                        id = topLevel && name == IdField ? value : id;
                    }
                    else if (topLevel && name == IdField && reader.TokenType == JsonTokenType.String)
                    {
                        id = reader.GetString();
                        writer.WriteStringValue(id);
                    }
                    else
                    {
                        WriteToken(ref reader, writer);
                    }

                    break;
                default:
                    WriteToken(ref reader, writer);
                    break;
            }
        }
    }

    /// <summary>Writes the pseudonym of a covered field's value and returns it (null for a value that is not a string or a number).</summary>
    private string? WriteCovered(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
            case JsonTokenType.Number:
                var raw = reader.TokenType == JsonTokenType.String ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan);
                var pseudonym = Pseudonymise(raw);
                writer.WriteStringValue(pseudonym);
                return pseudonym;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                writer.WriteNullValue();
                return null;
            default:
                WriteToken(ref reader, writer);
                return null;
        }
    }

    private static void WriteToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(reader.GetString());
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
        }
    }
}
