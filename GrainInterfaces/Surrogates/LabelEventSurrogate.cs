using StreamML.Core.Events;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="LabelEvent"/>.</summary>
[GenerateSerializer]
[Alias("streamml.LabelEvent")]
public struct LabelEventSurrogate
{
    /// <summary>Id of the labelled event.</summary>
    [Id(0)] public string EventId;

    /// <summary>Entity id.</summary>
    [Id(1)] public string Entity;

    /// <summary>The label.</summary>
    [Id(2)] public double Label;

    /// <summary>When the label was observed, UTC ticks.</summary>
    [Id(3)] public long TimeTicks;
}

/// <summary>Converts <see cref="LabelEvent"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class LabelEventConverter : IConverter<LabelEvent, LabelEventSurrogate>
{
    /// <inheritdoc />
    public LabelEvent ConvertFromSurrogate(in LabelEventSurrogate surrogate) =>
        new(surrogate.EventId, surrogate.Entity, surrogate.Label, surrogate.TimeTicks);

    /// <inheritdoc />
    public LabelEventSurrogate ConvertToSurrogate(in LabelEvent value) => new()
    {
        EventId = value.EventId,
        Entity = value.Entity,
        Label = value.Label,
        TimeTicks = value.TimeTicks,
    };
}
