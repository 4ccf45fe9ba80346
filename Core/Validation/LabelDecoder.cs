using System.Text.Json;
using StreamML.Core.Events;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Core.Validation;

/// <summary>
/// Decodes UTF-8 JSON labels: <c>{"id":"e-1","entity":"meter-42","label":1}</c>, with an optional <c>time</c>
/// (ISO-8601 or epoch milliseconds; the receiving clock when absent). No input makes it throw.
/// </summary>
public sealed class LabelDecoder(TimeProvider time, int maxPayloadBytes = 64 * 1024, int maxIdLength = 256, ModelTask task = ModelTask.BinaryClassification)
{
    private readonly ModelTaskKind _kind = task.Kind();

    /// <summary>Decodes and validates one label.</summary>
    public DecodeResult<LabelEvent> Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > maxPayloadBytes)
        {
            return Fail(InvalidReason.PayloadTooLarge, $"the payload has {utf8.Length} bytes, more than the limit of {maxPayloadBytes}");
        }

        string? id = null, entity = null;
        double? label = null;
        long? ticks = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(InvalidReason.MalformedPayload, "a label must be a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("entity"u8))
                {
                    var isId = reader.ValueTextEquals("id"u8);
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    {
                        reader.Skip();
                        return Fail(InvalidReason.MalformedPayload, $"field '{(isId ? "id" : "entity")}' must be a string");
                    }

                    var value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                    if (isId)
                    {
                        id = value;
                    }
                    else
                    {
                        entity = value;
                    }
                }
                else if (reader.ValueTextEquals("label"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number))
                    {
                        label = number;
                    }
                    else if (reader.TokenType == JsonTokenType.True || reader.TokenType == JsonTokenType.False)
                    {
                        label = reader.TokenType == JsonTokenType.True ? 1 : 0;
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        reader.Skip();
                        return Fail(InvalidReason.MissingLabel, "field 'label' must be a finite number or a boolean");
                    }
                }
                else if (reader.ValueTextEquals("time"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at))
                    {
                        ticks = at.UtcTicks;
                    }
                    else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms >= 0 && ms <= 253_402_300_799_999)
                    {
                        ticks = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcTicks;
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        reader.Skip();
                        return Fail(InvalidReason.MalformedPayload, "field 'time' must be an ISO-8601 time or epoch milliseconds");
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
        catch (JsonException)
        {
            return Fail(InvalidReason.MalformedPayload, "the payload is not valid JSON");
        }
        catch (InvalidOperationException)
        {
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

        if (entity.Length > maxIdLength)
        {
            return Fail(InvalidReason.EntityTooLong, $"field 'entity' has {entity.Length} characters, more than the limit of {maxIdLength}");
        }

        if (string.IsNullOrEmpty(id))
        {
            return Fail(InvalidReason.MissingId, "field 'id' (the labelled event's id) is missing");
        }

        if (id.Length > maxIdLength)
        {
            return Fail(InvalidReason.IdTooLong, $"field 'id' has {id.Length} characters, more than the limit of {maxIdLength}");
        }

        if (label is not { } observed)
        {
            return Fail(InvalidReason.MissingLabel, "field 'label' is missing");
        }

        if (!_kind.AcceptsLabel(observed))
        {
            return Fail(InvalidReason.InvalidLabel, $"field 'label' must be {_kind.LabelRule} for a {_kind.ShortName} model, got {observed.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return new DecodeResult<LabelEvent>(new LabelEvent(id, entity, observed, ticks ?? time.GetUtcNow().UtcTicks), InvalidReason.None, null);
    }

    private static DecodeResult<LabelEvent> Fail(InvalidReason reason, string message) => DecodeResult<LabelEvent>.Invalid(reason, message);
}
