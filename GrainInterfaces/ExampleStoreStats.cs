namespace StreamML.GrainInterfaces;

/// <summary>What a labelled-example store holds.</summary>
[GenerateSerializer]
[Alias("streamml.ExampleStoreStats")]
[Immutable]
public sealed record ExampleStoreStats
{
    /// <summary>Examples held now.</summary>
    [Id(0)] public int Count { get; init; }

    /// <summary>Examples ever appended.</summary>
    [Id(1)] public long Appended { get; init; }

    /// <summary>Examples dropped by the count or age bound.</summary>
    [Id(2)] public long Evicted { get; init; }

    /// <summary>Event time of the oldest example held.</summary>
    [Id(3)] public DateTimeOffset? Oldest { get; init; }

    /// <summary>Event time of the newest example held.</summary>
    [Id(4)] public DateTimeOffset? Newest { get; init; }
}
