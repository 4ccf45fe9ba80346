using StreamML.Core.Entities;

namespace StreamML.GrainInterfaces;

/// <summary>What an entity did with a batch of records.</summary>
[GenerateSerializer]
[Alias("streamml.EntityBatchResult")]
[Immutable]
public readonly record struct EntityBatchResult
{
    /// <summary>Events applied and scored.</summary>
    [Id(0)] public int Scored { get; init; }

    /// <summary>Events already applied before (a replay from the source), skipped.</summary>
    [Id(1)] public int Duplicates { get; init; }

    /// <summary>Events later than the allowed lateness, sent to dead-letter.</summary>
    [Id(2)] public int Late { get; init; }

    /// <summary>What happened to the labels of the batch.</summary>
    [Id(3)] public LabelBatchResult Labels { get; init; }

    /// <summary>The activation that answered; a pump expects the same one until its entities' state is flushed.</summary>
    [Id(4)] public Guid Incarnation { get; init; }

    /// <summary>
    /// Whether the batch was refused, unapplied, because the pump expected another activation: state the pump sent
    /// before may have died with it, so the pump must resume from its last checkpoint.
    /// </summary>
    [Id(5)] public bool Refused { get; init; }

    /// <summary>
    /// What became of each label of the batch, in the order sent (null when the batch had none): a source whose producers
    /// wait for their labels answers them with these.
    /// </summary>
    [Id(6)] public LabelOutcome[]? LabelOutcomes { get; init; }
}
