namespace StreamML.Contracts;

/// <summary>An entity's state as the HTTP API returns it.</summary>
public sealed record EntityDto
{
    /// <summary>The entity id.</summary>
    public required string Entity { get; init; }

    /// <summary>Whether the entity has received anything.</summary>
    public bool Exists { get; init; }

    /// <summary>Events accepted.</summary>
    public long Events { get; init; }

    /// <summary>Events accepted out of order.</summary>
    public long OutOfOrder { get; init; }

    /// <summary>Events accepted late.</summary>
    public long LateAccepted { get; init; }

    /// <summary>Events refused as too late.</summary>
    public long LateRejected { get; init; }

    /// <summary>Replays skipped.</summary>
    public long Duplicates { get; init; }

    /// <summary>Labels joined.</summary>
    public long Labels { get; init; }

    /// <summary>Newest event time.</summary>
    public DateTimeOffset? LastEventTime { get; init; }

    /// <summary>The entity's watermark.</summary>
    public DateTimeOffset? Watermark { get; init; }

    /// <summary>The feature vector of the last scored event, by column name.</summary>
    public IReadOnlyDictionary<string, double?> Features { get; init; } = new Dictionary<string, double?>();

    /// <summary>The last prediction.</summary>
    public PredictionDto? LastPrediction { get; init; }

    /// <summary>Estimated bytes of state.</summary>
    public int StateBytes { get; init; }
}
