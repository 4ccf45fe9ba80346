using StreamML.GrainInterfaces;

namespace StreamML.Grains.DeadLetters;

/// <summary>The persisted dead-letter store.</summary>
[GenerateSerializer]
[Alias("streamml.DeadLetterState")]
public sealed class DeadLetterState
{
    /// <summary>The kept dead letters, oldest first.</summary>
    [Id(0)] public List<DeadLetter> Items { get; set; } = [];

    /// <summary>The id the next dead letter gets.</summary>
    [Id(1)] public long NextId { get; set; } = 1;

    /// <summary>Dead letters evicted by the bound.</summary>
    [Id(2)] public long Evicted { get; set; }

    /// <summary>Totals by reason.</summary>
    [Id(3)] public Dictionary<string, long> ByReason { get; set; } = [];
}
