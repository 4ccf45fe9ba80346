using System.Globalization;
using System.Text;
using StreamML.Core.Events;
using StreamML.Core.Sources;
using StreamML.Core.Validation;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Decodes source records: decoded ones (the generator, the HTTP queue) pass through; raw payloads are UTF-8 JSON events
/// or labels, validated against the schema and given the id <c>{source}:{partition}:{offset}</c> when the producer sent
/// none. Each goes out in an envelope with its partition and offset (the key replays are skipped by; none for a record
/// not from a log) and the pump's ingest time.
/// </summary>
internal sealed class JsonRecordDecoder(PlatformContext context) : IRecordDecoder
{
    private readonly EventDecoder _events = new(context.Plan, context.Time);
    private readonly LabelDecoder _labels = new(context.Time, context.Schema.MaxPayloadBytes, context.Schema.MaxIdLength, context.Schema.Task);

    public DecodedRecord Decode(in SourceRecord record, string source, int partition, long ingestTicks)
    {
        var (from, offset) = record.NotFromLog ? (-1, 0L) : (partition, record.Offset);
        if (record.Event is { } ready)
        {
            return new DecodedRecord(new EventEnvelope(ready, from, offset, ingestTicks), null, null);
        }

        if (record.Label is { } label)
        {
            return new DecodedRecord(null, new LabelEnvelope(label, from, offset), null);
        }

        var payload = record.Payload.Span;
        if (record.IsLabel)
        {
            var decodedLabel = _labels.Decode(payload);
            return decodedLabel.Value is { } l
                ? new DecodedRecord(null, new LabelEnvelope(l, from, offset), null)
                : Rejected(decodedLabel.Reason, decodedLabel.Message, record, source, partition);
        }

        var decoded = _events.Decode(payload, string.Create(CultureInfo.InvariantCulture, $"{source}:{partition}:{record.Offset}"));
        return decoded.Value is { } e
            ? new DecodedRecord(new EventEnvelope(e, from, offset, ingestTicks), null, null)
            : Rejected(decoded.Reason, decoded.Message, record, source, partition);
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
