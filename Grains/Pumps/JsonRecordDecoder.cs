using System.Globalization;
using StreamML.Core.Events;
using StreamML.Core.Privacy;
using StreamML.Core.Sources;
using StreamML.Core.Validation;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Decodes source records: decoded ones (the generator, the HTTP queue) pass through; raw payloads are UTF-8 JSON events
/// or labels, validated against the schema and given the id <c>{source}:{partition}:{offset}</c> when the producer sent
/// none. Each goes out in an envelope with its partition and offset (the key replays are skipped by; none for a record
/// not from a log) and the pump's ingest time. Entity ids and the configured fields are pseudonymised here, before any
/// part of the platform sees them, unless the record says it already was (the HTTP API decodes its own); a rejected
/// record's dead letter keeps only what <see cref="Pseudonymiser.Protect"/> allows.
/// </summary>
internal sealed class JsonRecordDecoder(PlatformContext context, Pseudonymiser pseudonymiser) : IRecordDecoder
{
    private readonly EventDecoder _events = new(context.Plan, context.Time);
    private readonly LabelDecoder _labels = new(context.Time, context.Schema.MaxPayloadBytes, context.Schema.MaxIdLength, context.Schema.Task);

    public DecodedRecord Decode(in SourceRecord record, string source, int partition, long ingestTicks)
    {
        var (from, offset) = record.NotFromLog ? (-1, 0L) : (partition, record.Offset);
        if (record.Event is { } ready)
        {
            var e = record.Pseudonymised ? ready : pseudonymiser.Apply(ready);
            return new DecodedRecord(new EventEnvelope(e, from, offset, ingestTicks), null, null);
        }

        if (record.Label is { } label)
        {
            var l = record.Pseudonymised ? label : pseudonymiser.Apply(label);
            return new DecodedRecord(null, new LabelEnvelope(l, from, offset), null);
        }

        var payload = record.Payload.Span;
        if (record.IsLabel)
        {
            var decodedLabel = _labels.Decode(payload);
            return decodedLabel.Value is { } decodedValue
                ? new DecodedRecord(null, new LabelEnvelope(pseudonymiser.Apply(decodedValue), from, offset), null)
                : Rejected(decodedLabel.Reason, decodedLabel.Message, record, source, partition);
        }

        var decoded = _events.Decode(payload, string.Create(CultureInfo.InvariantCulture, $"{source}:{partition}:{record.Offset}"));
        return decoded.Value is { } value
            ? new DecodedRecord(new EventEnvelope(pseudonymiser.Apply(value), from, offset, ingestTicks), null, null)
            : Rejected(decoded.Reason, decoded.Message, record, source, partition);
    }

    private DecodedRecord Rejected(InvalidReason reason, string? message, in SourceRecord record, string source, int partition)
    {
        var kept = pseudonymiser.Protect(record.Payload.Span, DeadLetterSink.MaxPayloadChars);
        return new(null, null, new DeadLetter
        {
            Reason = reason.ToString(),
            Message = record.Position is null ? message ?? reason.ToString() : $"{message ?? reason.ToString()} (source position {record.Position})",
            Source = source,
            Partition = partition,
            Offset = record.Offset,
            Entity = kept.Entity,
            EventId = kept.EventId,
            Payload = kept.Text,
        });
    }
}
