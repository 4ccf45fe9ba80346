using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamML.Core.Events;
using StreamML.Core.Features;

namespace StreamML.Core.Validation;

/// <summary>
/// Decodes UTF-8 JSON events straight from bytes and validates them against the feature schema:
/// <c>{"id":"e-1","entity":"meter-42","time":"2026-11-24T10:00:00Z","features":{"price":0.42},"segment":"nsw"}</c>.
/// <c>time</c> is ISO-8601 or epoch milliseconds and defaults to the receiving clock; <c>id</c> (an empty one counts as
/// none) and <c>segment</c> are optional (a segment is at most <see cref="Schema.FeatureSchema.MaxSegmentLength"/>
/// letters, digits and <c>-_.:</c>); other top-level fields are ignored. Every failure gives the first
/// <see cref="InvalidReason"/> in that enum's order and a sentence naming the field; no input makes it throw.
/// </summary>
public sealed class EventDecoder
{
    private readonly FeaturePlan _plan;
    private readonly TimeProvider _time;
    private readonly byte[][] _names;
    private readonly bool[] _required;

    /// <summary>Creates a decoder for <paramref name="plan"/>'s schema.</summary>
    public EventDecoder(FeaturePlan plan, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
        _time = time;
        _names = [.. plan.Schema.Features.Select(f => Encoding.UTF8.GetBytes(f.Name))];
        _required = [.. plan.Schema.Features.Select(f => f.Required)];
    }

    /// <summary>Decodes and validates one event.</summary>
    /// <param name="utf8">The JSON payload.</param>
    /// <param name="defaultId">The id to give an event that carries none (for example its source position); a new unique id when null.</param>
    public DecodeResult<StreamEvent> Decode(ReadOnlySpan<byte> utf8, string? defaultId = null)
    {
        var schema = _plan.Schema;
        if (utf8.Length > schema.MaxPayloadBytes)
        {
            return Fail(InvalidReason.PayloadTooLarge, $"the payload has {utf8.Length} bytes, more than the limit of {schema.MaxPayloadBytes}");
        }

        var values = new float[_names.Length];
        values.AsSpan().Fill(float.NaN);
        var seen = new bool[_names.Length];
        string? id = null, entity = null, segment = null;
        long? time = null;
        InvalidReason featureReason = InvalidReason.None;
        string? featureMessage = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(InvalidReason.MalformedPayload, "an event must be a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (!TryReadOptionalString(ref reader, out id))
                    {
                        return Fail(InvalidReason.MalformedPayload, "field 'id' must be a string");
                    }
                }
                else if (reader.ValueTextEquals("entity"u8))
                {
                    reader.Read();
                    if (!TryReadOptionalString(ref reader, out entity))
                    {
                        return Fail(InvalidReason.MalformedPayload, "field 'entity' must be a string");
                    }
                }
                else if (reader.ValueTextEquals("segment"u8))
                {
                    reader.Read();
                    if (!TryReadOptionalString(ref reader, out segment))
                    {
                        return Fail(InvalidReason.MalformedPayload, "field 'segment' must be a string");
                    }
                }
                else if (reader.ValueTextEquals("time"u8))
                {
                    reader.Read();
                    if (!TryReadTime(ref reader, out time))
                    {
                        return Fail(InvalidReason.MalformedPayload, "field 'time' must be an ISO-8601 time or epoch milliseconds");
                    }
                }
                else if (reader.ValueTextEquals("features"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return Fail(InvalidReason.MalformedPayload, "field 'features' must be an object of numbers");
                    }

                    if (!ReadFeatures(ref reader, values, seen, ref featureReason, ref featureMessage))
                    {
                        return Fail(featureReason, featureMessage!);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Fail(InvalidReason.MalformedPayload, "the payload must hold exactly one JSON object");
            }
        }
        catch (JsonException ex)
        {
            return Fail(InvalidReason.MalformedPayload, "the payload is not valid JSON: " + FirstSentence(ex.Message));
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader reports text that is not valid UTF-8 this way when a string is read.
            return Fail(InvalidReason.MalformedPayload, "the payload is not valid UTF-8");
        }

        if (entity is null)
        {
            return Fail(InvalidReason.MissingEntity, "field 'entity' is missing");
        }

        if (string.IsNullOrWhiteSpace(entity))
        {
            return Fail(InvalidReason.EmptyEntity, "field 'entity' is empty");
        }

        if (entity.Length > schema.MaxIdLength)
        {
            return Fail(InvalidReason.EntityTooLong, $"field 'entity' has {entity.Length} characters, more than the limit of {schema.MaxIdLength}");
        }

        if (id is not null && id.Length > schema.MaxIdLength)
        {
            return Fail(InvalidReason.IdTooLong, $"field 'id' has {id.Length} characters, more than the limit of {schema.MaxIdLength}");
        }

        if (featureReason != InvalidReason.None)
        {
            return Fail(featureReason, featureMessage!);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (_required[i] && float.IsNaN(values[i]))
            {
                return Fail(InvalidReason.MissingFeature, $"feature '{schema.Features[i].Name}' is missing");
            }
        }

        var now = _time.GetUtcNow();
        var ticks = time ?? now.UtcTicks;
        if (ticks > now.UtcTicks + schema.MaxFutureSkew.Ticks)
        {
            return Fail(InvalidReason.TimestampInFuture, $"event time {Format(ticks)} is more than {schema.MaxFutureSkew} ahead of the receiving clock");
        }

        if (schema.MaxEventAge is { } age && ticks < now.UtcTicks - age.Ticks)
        {
            return Fail(InvalidReason.TimestampTooOld, $"event time {Format(ticks)} is more than {age} behind the receiving clock");
        }

        if (segment is { Length: > 0 } && !IsValidSegment(segment, schema.MaxSegmentLength))
        {
            return Fail(InvalidReason.InvalidSegment, segment.Length > schema.MaxSegmentLength
                ? $"field 'segment' has {segment.Length} characters, more than the limit of {schema.MaxSegmentLength}"
                : "field 'segment' may hold only letters, digits and '-', '_', '.', ':'");
        }

        // An empty id is no id: a label could never name it.
        id = string.IsNullOrEmpty(id) ? defaultId ?? Guid.CreateVersion7(now).ToString("N") : id;
        return new DecodeResult<StreamEvent>(new StreamEvent(id, entity, ticks, values, segment), InvalidReason.None, null);
    }

    private bool ReadFeatures(ref Utf8JsonReader reader, float[] values, bool[] seen, ref InvalidReason reason, ref string? message)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            for (var i = 0; i < _names.Length; i++)
            {
                if (reader.ValueTextEquals(_names[i]))
                {
                    index = i;
                    break;
                }
            }

            var name = index >= 0 ? null : reader.GetString();
            reader.Read();
            if (index < 0)
            {
                reader.Skip();
                Record(ref reason, ref message, InvalidReason.UnknownFeature, $"unknown feature '{name}'");
                continue;
            }

            var featureName = _plan.Schema.Features[index].Name;
            if (seen[index])
            {
                reason = InvalidReason.MalformedPayload;
                message = $"feature '{featureName}' appears twice";
                return false;
            }

            seen[index] = true;
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    break;
                case JsonTokenType.Number:
                    if (!reader.TryGetDouble(out var number) || !double.IsFinite(number) || !float.IsFinite((float)number))
                    {
                        Record(ref reason, ref message, InvalidReason.NonFiniteFeature, $"feature '{featureName}' is out of range");
                    }
                    else
                    {
                        values[index] = (float)number;
                    }

                    break;
                case JsonTokenType.String:
                    var text = reader.GetString()!;
                    if (Data.CsvTable.TryParseNumber(text, out var parsed) && !double.IsFinite(parsed))
                    {
                        Record(ref reason, ref message, InvalidReason.NonFiniteFeature, $"feature '{featureName}' is {text.Trim()}");
                    }
                    else
                    {
                        reason = InvalidReason.MalformedPayload;
                        message = $"feature '{featureName}' must be a number";
                        return false;
                    }

                    break;
                default:
                    reader.Skip();
                    reason = InvalidReason.MalformedPayload;
                    message = $"feature '{featureName}' must be a number";
                    return false;
            }
        }

        return true;
    }

    /// <summary>Keeps the feature problem that comes first in reason order (and, among equals, in document order).</summary>
    private static void Record(ref InvalidReason reason, ref string? message, InvalidReason candidate, string text)
    {
        if (reason == InvalidReason.None || candidate < reason)
        {
            reason = candidate;
            message = text;
        }
    }

    private static bool TryReadOptionalString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return false;
        }

        value = reader.GetString();
        return true;
    }

    private static bool TryReadTime(ref Utf8JsonReader reader, out long? ticks)
    {
        ticks = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                if (reader.TryGetDateTimeOffset(out var time))
                {
                    ticks = time.UtcTicks;
                    return true;
                }

                return false;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var ms) && ms >= 0 && ms <= 253_402_300_799_999)
                {
                    ticks = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcTicks;
                    return true;
                }

                return false;
            default:
                reader.Skip();
                return false;
        }
    }

    /// <summary>
    /// Segments name monitors, metric series and grain keys, so they are short ASCII words: letters, digits and <c>-_.:</c>.
    /// </summary>
    private static bool IsValidSegment(string segment, int maxLength)
    {
        if (segment.Length > maxLength)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    private static DecodeResult<StreamEvent> Fail(InvalidReason reason, string message) => DecodeResult<StreamEvent>.Invalid(reason, message);

    private static string Format(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
