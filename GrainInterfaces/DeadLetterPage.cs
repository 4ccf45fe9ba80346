namespace StreamML.GrainInterfaces;

/// <summary>A page of dead letters with the store's totals.</summary>
[GenerateSerializer]
[Alias("streamml.DeadLetterPage")]
[Immutable]
public sealed record DeadLetterPage
{
    /// <summary>The matching dead letters, oldest first.</summary>
    [Id(0)] public DeadLetter[] Items { get; init; } = [];

    /// <summary>Dead letters ever received.</summary>
    [Id(1)] public long Total { get; init; }

    /// <summary>Dead letters dropped from the store by its size bound (still counted in <see cref="Total"/>).</summary>
    [Id(2)] public long Evicted { get; init; }

    /// <summary>Totals by reason since the store started.</summary>
    [Id(3)] public Dictionary<string, long> ByReason { get; init; } = [];

    /// <summary>Pass as <c>after</c> to read the next page; null when there is no more.</summary>
    [Id(4)] public long? Next { get; init; }
}
