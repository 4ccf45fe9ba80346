namespace StreamML.Core.Events;

/// <summary>
/// One decoded, schema-aligned event: the unit that flows from a source through validation into an entity.
/// </summary>
/// <remarks>
/// <see cref="Values"/> is aligned with the feature order of the <see cref="Schema.FeatureSchema"/> the event was
/// decoded against; a feature the producer did not send is <see cref="float.NaN"/> (validation decides whether that
/// is allowed). Times are UTC ticks so the type stays small and free of time-zone questions. Immutable: where and when the
/// platform received it travels beside it in an <see cref="EventEnvelope"/>.
/// </remarks>
public sealed class StreamEvent
{
    /// <summary>Creates an event.</summary>
    public StreamEvent(string id, string entity, long timeTicks, float[] values, string? segment = null)
    {
        Id = id;
        Entity = entity;
        TimeTicks = timeTicks;
        Values = values;
        Segment = segment;
    }

    /// <summary>The producer's event id; labels join to predictions by it.</summary>
    public string Id { get; }

    /// <summary>The entity the event belongs to (meter, card, device); also the partition key.</summary>
    public string Entity { get; }

    /// <summary>Event time as UTC ticks.</summary>
    public long TimeTicks { get; }

    /// <summary>Feature values aligned with the schema's feature order.</summary>
    public float[] Values { get; }

    /// <summary>Optional segment (for example a region) used to slice monitoring.</summary>
    public string? Segment { get; }

    /// <summary>Event time as a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Time => new(TimeTicks, TimeSpan.Zero);
}
