namespace StreamML.GrainInterfaces;

/// <summary>What an entity did with a batch of labels.</summary>
[GenerateSerializer]
[Alias("streamml.LabelBatchResult")]
[Immutable]
public readonly record struct LabelBatchResult
{
    /// <summary>Labels joined with a remembered prediction.</summary>
    [Id(0)] public int Matched { get; init; }

    /// <summary>Labels for an event the entity never predicted, or no longer remembers.</summary>
    [Id(1)] public int Unmatched { get; init; }

    /// <summary>Labels for an event already labelled.</summary>
    [Id(2)] public int Duplicates { get; init; }

    /// <summary>Labels that arrived after the remembered prediction had expired.</summary>
    [Id(3)] public int Expired { get; init; }
}
