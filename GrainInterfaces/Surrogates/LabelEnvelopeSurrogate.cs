using StreamML.Core.Events;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="LabelEnvelope"/>: the label (in its own wire form) with its partition and offset.</summary>
[GenerateSerializer]
[Alias("streamml.LabelEnvelope")]
public struct LabelEnvelopeSurrogate
{
    /// <summary>The label.</summary>
    [Id(0)] public LabelEvent Label;

    /// <summary>Source partition, or -1.</summary>
    [Id(1)] public int Partition;

    /// <summary>Offset in the source partition, or 0.</summary>
    [Id(2)] public long Offset;
}

/// <summary>Converts <see cref="LabelEnvelope"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class LabelEnvelopeConverter : IConverter<LabelEnvelope, LabelEnvelopeSurrogate>
{
    /// <inheritdoc />
    public LabelEnvelope ConvertFromSurrogate(in LabelEnvelopeSurrogate surrogate) => new(surrogate.Label, surrogate.Partition, surrogate.Offset);

    /// <inheritdoc />
    public LabelEnvelopeSurrogate ConvertToSurrogate(in LabelEnvelope value) => new()
    {
        Label = value.Label,
        Partition = value.Partition,
        Offset = value.Offset,
    };
}
