namespace StreamML.GrainInterfaces;

/// <summary>What a training run reads from a model's example store.</summary>
[GenerateSerializer]
[Alias("streamml.TrainingWindow")]
[Immutable]
public sealed record TrainingWindow
{
    /// <summary>The newest examples, oldest first.</summary>
    [Id(0)] public LabelledExample[] Examples { get; init; } = [];

    /// <summary>How many of the newest examples arrived after the last concept drift; -1 when no boundary is in force.</summary>
    [Id(1)] public int SinceConceptDrift { get; init; } = -1;
}
