namespace StreamML.Contracts;

/// <summary>An input the platform could not use, with the reason and where it came from.</summary>
public sealed record DeadLetterDto
{
    /// <summary>Sequence number assigned by the store; pages are read after one.</summary>
    public long Id { get; init; }

    /// <summary>When it was dead-lettered.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The machine-readable reason (for example MissingFeature, LateEvent).</summary>
    public required string Reason { get; init; }

    /// <summary>One sentence on what was wrong.</summary>
    public required string Message { get; init; }

    /// <summary>The source (generator, http, a topic or stream name).</summary>
    public required string Source { get; init; }

    /// <summary>The source partition, or -1.</summary>
    public int Partition { get; init; } = -1;

    /// <summary>The offset in the source partition, or -1.</summary>
    public long Offset { get; init; } = -1;

    /// <summary>The entity, when known.</summary>
    public string? Entity { get; init; }

    /// <summary>The event id, when known.</summary>
    public string? EventId { get; init; }

    /// <summary>The raw payload as text (truncated to the store's limit), when there was one.</summary>
    public string? Payload { get; init; }
}
