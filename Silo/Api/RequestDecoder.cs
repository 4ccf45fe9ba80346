using System.Text;
using System.Text.Json;
using StreamML.Core.Events;
using StreamML.Core.Validation;
using StreamML.GrainInterfaces;
using StreamML.Contracts;
using StreamML.Grains.Services;

namespace StreamML.Silo.Api;

/// <summary>
/// Decodes the items of an HTTP request one by one with the same validation every source uses, so one bad item is
/// refused with its reason while the others go through.
/// </summary>
public sealed class RequestDecoder(PlatformContext context)
{
    private readonly EventDecoder _events = new(context.Plan, context.Time);
    private readonly LabelDecoder _labels = new(context.Time, context.Schema.MaxPayloadBytes, context.Schema.MaxIdLength, context.Schema.Task);

    /// <summary>Decodes an array of events (or an object whose <paramref name="property"/> is one).</summary>
    public Decoded<(int Index, StreamEvent Event)> DecodeEvents(JsonElement root, string property)
    {
        if (Items(root, property) is not { } items)
        {
            return Decoded<(int, StreamEvent)>.Invalid($"expected a JSON array of events or an object with an \"{property}\" array");
        }

        var result = new Decoded<(int, StreamEvent)>();
        var index = 0;
        foreach (var item in items)
        {
            var bytes = Encoding.UTF8.GetBytes(item.GetRawText());
            var decoded = _events.Decode(bytes);
            if (decoded.Value is { } e)
            {
                result.Valid.Add((index, e));
            }
            else
            {
                result.Reject(index, decoded.Reason.ToString(), decoded.Message ?? decoded.Reason.ToString(), item);
            }

            index++;
        }

        return result;
    }

    /// <summary>Decodes an array of labels (or an object whose "labels" property is one).</summary>
    public Decoded<LabelEvent> DecodeLabels(JsonElement root)
    {
        if (Items(root, "labels") is not { } items)
        {
            return Decoded<LabelEvent>.Invalid("expected a JSON array of labels or an object with a \"labels\" array");
        }

        var result = new Decoded<LabelEvent>();
        var index = 0;
        foreach (var item in items)
        {
            var decoded = _labels.Decode(Encoding.UTF8.GetBytes(item.GetRawText()));
            if (decoded.Value is { } label)
            {
                result.Valid.Add(label);
            }
            else
            {
                result.Reject(index, decoded.Reason.ToString(), decoded.Message ?? decoded.Reason.ToString(), item);
            }

            index++;
        }

        return result;
    }

    private static JsonElement.ArrayEnumerator? Items(JsonElement root, string property) => root.ValueKind switch
    {
        JsonValueKind.Array => root.EnumerateArray(),
        JsonValueKind.Object when root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array => array.EnumerateArray(),
        _ => null,
    };

    /// <summary>The decoded items of a request.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    public sealed class Decoded<T>
    {
        /// <summary>A problem with the request as a whole (nothing was decoded).</summary>
        public string? Problem { get; private init; }

        /// <summary>The valid items.</summary>
        public List<T> Valid { get; } = [];

        /// <summary>One error per refused item.</summary>
        public List<ItemError> Errors { get; } = [];

        /// <summary>The refused items as dead letters.</summary>
        public List<DeadLetter> DeadLetters { get; } = [];

        internal static Decoded<T> Invalid(string problem) => new() { Problem = problem };

        internal void Reject(int index, string reason, string message, JsonElement item)
        {
            Errors.Add(new ItemError(index, reason, message));
            DeadLetters.Add(new DeadLetter
            {
                Reason = reason,
                Message = message,
                Source = "http",
                Entity = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("entity", out var entity) && entity.ValueKind == JsonValueKind.String ? entity.GetString() : null,
                EventId = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                Payload = item.GetRawText(),
            });
        }
    }
}
