using System.Globalization;
using System.Text;
using StreamML.Core.Sources;
using StreamML.Core.Validation;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Decodes source records: decoded ones (the generator, the HTTP queue) pass through; raw payloads are UTF-8 JSON events
/// or labels, validated against the schema, stamped with their partition and offset (the key replays are skipped by),
/// and given the id <c>{source}:{partition}:{offset}</c> when the producer sent none.
/// </summary>
internal sealed class JsonRecordDecoder(PlatformContext context) : IRecordDecoder
{
    private readonly EventDecoder _events = new(context.Plan, context.Time);
    private readonly LabelDecoder _labels = new(context.Time, context.Schema.MaxPayloadBytes, context.Schema.MaxIdLength, context.Schema.Task);

    public DecodedRecord Decode(in SourceRecord record, string source, int partition)
    {
        if (record.Event is { } ready)
        {
            return new DecodedRecord(ready, null, null);
        }

        if (record.Label is { } label)
        {
            return new DecodedRecord(null, label, null);
        }

        var payload = record.Payload.Span;
        if (record.IsLabel)
        {
            var decodedLabel = _labels.Decode(payload);
            if (decodedLabel.Value is { } l)
            {
                l.Partition = partition;
                l.Sequence = record.Offset;
                return new DecodedRecord(null, l, null);
            }

            return Rejected(decodedLabel.Reason, decodedLabel.Message, record, source, partition);
        }

        var decoded = _events.Decode(payload, string.Create(CultureInfo.InvariantCulture, $"{source}:{partition}:{record.Offset}"));
        if (decoded.Value is not { } e)
        {
            return Rejected(decoded.Reason, decoded.Message, record, source, partition);
        }

        e.Partition = partition;
        e.Sequence = record.Offset;
        return new DecodedRecord(e, null, null);
    }

    private static DecodedRecord Rejected(InvalidReason reason, string? message, in SourceRecord record, string source, int partition) =>
        new(null, null, new DeadLetter
        {
            Reason = reason.ToString(),
            Message = message ?? reason.ToString(),
            Source = source,
            Partition = partition,
            Offset = record.Offset,
            Payload = Encoding.UTF8.GetString(record.Payload.Span[..Math.Min(record.Payload.Length, DeadLetterSink.MaxPayloadChars)]),
        });
}
