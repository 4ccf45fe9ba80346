using StreamML.Core.Events;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="StreamEvent"/>, which lives in Core and carries no serializer attributes.</summary>
[GenerateSerializer]
[Alias("streamml.StreamEvent")]
public struct StreamEventSurrogate
{
    /// <summary>Event id.</summary>
    [Id(0)] public string Id;

    /// <summary>Entity id.</summary>
    [Id(1)] public string Entity;

    /// <summary>Event time, UTC ticks.</summary>
    [Id(2)] public long TimeTicks;

    /// <summary>Schema-aligned values.</summary>
    [Id(3)] public float[] Values;

    /// <summary>Segment.</summary>
    [Id(4)] public string? Segment;
}

/// <summary>Converts <see cref="StreamEvent"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class StreamEventConverter : IConverter<StreamEvent, StreamEventSurrogate>
{
    /// <inheritdoc />
    public StreamEvent ConvertFromSurrogate(in StreamEventSurrogate surrogate) =>
        new(surrogate.Id, surrogate.Entity, surrogate.TimeTicks, surrogate.Values, surrogate.Segment);

    /// <inheritdoc />
    public StreamEventSurrogate ConvertToSurrogate(in StreamEvent value) => new()
    {
        Id = value.Id,
        Entity = value.Entity,
        TimeTicks = value.TimeTicks,
        Values = value.Values,
        Segment = value.Segment,
    };
}
