using System.Text.Json;
using StreamML.Core.Events;
using StreamML.Core.Privacy;
using StreamML.Core.Validation;
using StreamML.GrainInterfaces;
using StreamML.Contracts;
using Microsoft.Extensions.Options;
using StreamML.Grains.Options;
using StreamML.Grains.Services;
using StreamML.Silo.Security;

namespace StreamML.Silo.Api;

/// <summary>
/// Decodes the items of an HTTP request one by one with the same validation every source uses, so one bad item is
/// refused with its reason while the others go through. The body is read once as UTF-8 and each item is decoded from
/// its own bytes. Entity ids and configured fields are pseudonymised by <paramref name="pseudonymiser"/> (none when null)
/// as each item is decoded, and a refused item's dead letter keeps only what it allows.
/// </summary>
/// <remarks>
/// A request keeps at most <see cref="DeadLetterOptions.MaxPerRequest"/> dead letters; the invalid items beyond them are
/// counted by reason, so one request can neither store megabytes nor push every other dead letter out of the store.
/// </remarks>
public sealed class RequestDecoder(PlatformContext context, IOptions<ApiLimitsOptions>? limits = null, IOptions<DeadLetterOptions>? deadLetterOptions = null,
    Pseudonymiser? pseudonymiser = null)
{
    private readonly ApiLimitsOptions _limits = limits?.Value ?? new();
    private readonly int _maxDeadLetters = (deadLetterOptions?.Value ?? new()).MaxPerRequest;
    private readonly Pseudonymiser _pseudonymiser = pseudonymiser ?? Pseudonymiser.None;
    private readonly EventDecoder _events = new(context.Plan, context.Time);
    private readonly LabelDecoder _labels = new(context.Time, context.Schema.MaxPayloadBytes, context.Schema.MaxIdLength, context.Schema.Task);

    /// <summary>
    /// Decodes an array of events (or an object whose <paramref name="property"/> is one) from the request body's UTF-8
    /// bytes, each item from its own bytes.
    /// </summary>
    public Decoded<(int Index, StreamEvent Event)> DecodeEvents(ReadOnlySpan<byte> body, string property) =>
        Decode(body, property, $"expected a JSON array of events or an object with an \"{property}\" array", item => _events.Decode(item), (e, index) => (Index: index, Event: _pseudonymiser.Apply(e)));

    /// <summary>Decodes an array of labels (or an object whose "labels" property is one) from the request body's UTF-8 bytes.</summary>
    public Decoded<LabelEvent> DecodeLabels(ReadOnlySpan<byte> body) =>
        Decode(body, "labels", "expected a JSON array of labels or an object with a \"labels\" array", item => _labels.Decode(item), (label, _) => _pseudonymiser.Apply(label));

    private Decoded<TItem> Decode<TValue, TItem>(
        ReadOnlySpan<byte> body, string property, string notArray, Func<ReadOnlySpan<byte>, DecodeResult<TValue>> decode, Func<TValue, int, TItem> valid)
        where TValue : class
    {
        List<Range>? items;
        try
        {
            items = JsonItems.Locate(body, property, _limits.MaxJsonDepth, _limits.MaxItemsPerRequest);
        }
        catch (JsonException ex)
        {
            return Decoded<TItem>.Invalid($"the body is not valid JSON: {ex.Message}");
        }

        if (items is null)
        {
            return Decoded<TItem>.Invalid(notArray);
        }

        if (items.Count > _limits.MaxItemsPerRequest)
        {
            return Decoded<TItem>.Invalid($"the request carries more than {_limits.MaxItemsPerRequest} items (StreamML:Api:MaxItemsPerRequest); send them in smaller requests");
        }

        var result = new Decoded<TItem> { MaxDeadLetters = _maxDeadLetters };
        for (var index = 0; index < items.Count; index++)
        {
            var item = body[items[index]];
            var decoded = decode(item);
            if (decoded.Value is { } value)
            {
                result.Valid.Add(valid(value, index));
            }
            else
            {
                result.Reject(index, decoded.Reason.ToString(), decoded.Message ?? decoded.Reason.ToString(), _pseudonymiser.Protect(item, DeadLetterSink.MaxPayloadChars));
            }
        }

        return result;
    }

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

        /// <summary>The refused items as dead letters, the first <see cref="DeadLetterOptions.MaxPerRequest"/> of them.</summary>
        public List<DeadLetter> DeadLetters { get; } = [];

        /// <summary>How many refused items beyond those in <see cref="DeadLetters"/> there were, by reason.</summary>
        public Dictionary<string, int> OmittedDeadLetters { get; } = new(StringComparer.Ordinal);

        internal int MaxDeadLetters { get; init; } = int.MaxValue;

        internal static Decoded<T> Invalid(string problem) => new() { Problem = problem };

        internal void Reject(int index, string reason, string message, ProtectedPayload item)
        {
            Errors.Add(new ItemError(index, reason, message));
            if (DeadLetters.Count >= MaxDeadLetters)
            {
                OmittedDeadLetters[reason] = OmittedDeadLetters.GetValueOrDefault(reason) + 1;
                return;
            }

            DeadLetters.Add(new DeadLetter
            {
                Reason = reason,
                Message = message,
                Source = "http",
                Entity = item.Entity,
                EventId = item.EventId,
                Payload = item.Text,
            });
        }
    }
}
