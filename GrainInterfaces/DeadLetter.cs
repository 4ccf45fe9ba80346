namespace StreamML.GrainInterfaces;

/// <summary>An input the platform could not use, kept with the reason and where it came from.</summary>
[GenerateSerializer]
[Alias("streamml.DeadLetter")]
[Immutable]
public sealed record DeadLetter
{
    /// <summary>Sequence number assigned by the store (0 before it is stored).</summary>
    [Id(0)] public long Id { get; init; }

    /// <summary>When it was dead-lettered.</summary>
    [Id(1)] public DateTimeOffset At { get; init; }

    /// <summary>The machine-readable reason (for example MissingFeature, LateEvent).</summary>
    [Id(2)] public required string Reason { get; init; }

    /// <summary>One sentence on what was wrong.</summary>
    [Id(3)] public required string Message { get; init; }

    /// <summary>The source (generator, http, a topic or stream name).</summary>
    [Id(4)] public required string Source { get; init; }

    /// <summary>The source partition, or -1.</summary>
    [Id(5)] public int Partition { get; init; } = -1;

    /// <summary>The offset in the source partition, or -1.</summary>
    [Id(6)] public long Offset { get; init; } = -1;

    /// <summary>The entity, when known.</summary>
    [Id(7)] public string? Entity { get; init; }

    /// <summary>The event id, when known.</summary>
    [Id(8)] public string? EventId { get; init; }

    /// <summary>The raw payload as text (truncated to the store's limit), when there was one.</summary>
    [Id(9)] public string? Payload { get; init; }
}
