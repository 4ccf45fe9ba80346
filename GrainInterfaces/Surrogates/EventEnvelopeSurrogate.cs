using StreamML.Core.Events;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="EventEnvelope"/>: the event (in its own wire form) with its partition, offset and ingest time.</summary>
[GenerateSerializer]
[Alias("streamml.EventEnvelope")]
public struct EventEnvelopeSurrogate
{
    /// <summary>The event.</summary>
    [Id(0)] public StreamEvent Event;

    /// <summary>Source partition, or -1.</summary>
    [Id(1)] public int Partition;

    /// <summary>Offset in the source partition, or 0.</summary>
    [Id(2)] public long Offset;

    /// <summary>Ingest time, UTC ticks.</summary>
    [Id(3)] public long IngestTicks;
}

/// <summary>Converts <see cref="EventEnvelope"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class EventEnvelopeConverter : IConverter<EventEnvelope, EventEnvelopeSurrogate>
{
    /// <inheritdoc />
    public EventEnvelope ConvertFromSurrogate(in EventEnvelopeSurrogate surrogate) =>
        new(surrogate.Event, surrogate.Partition, surrogate.Offset, surrogate.IngestTicks);

    /// <inheritdoc />
    public EventEnvelopeSurrogate ConvertToSurrogate(in EventEnvelope value) => new()
    {
        Event = value.Event,
        Partition = value.Partition,
        Offset = value.Offset,
        IngestTicks = value.IngestTicks,
    };
}
