namespace StreamML.Contracts;

/// <summary>A prediction as the HTTP API returns it; numbers a model did not produce are null, never zero.</summary>
public sealed record PredictionDto
{
    /// <summary>The event id.</summary>
    public required string EventId { get; init; }

    /// <summary>The entity.</summary>
    public required string Entity { get; init; }

    /// <summary>The model name.</summary>
    public required string Model { get; init; }

    /// <summary>The serving version; 0 for a fallback.</summary>
    public int Version { get; init; }

    /// <summary>champion, canary or fallback.</summary>
    public required string Route { get; init; }

    /// <summary>Whether no model was ready and this is an uninformative placeholder.</summary>
    public bool Fallback { get; init; }

    /// <summary>The raw score.</summary>
    public double? Score { get; init; }

    /// <summary>The probability of the positive class.</summary>
    public double? Probability { get; init; }

    /// <summary>The version scored in shadow, if any.</summary>
    public int? ShadowVersion { get; init; }

    /// <summary>The shadow version's probability (or score for regression).</summary>
    public double? ShadowProbability { get; init; }

    /// <summary>The event time.</summary>
    public DateTimeOffset EventTime { get; init; }

    /// <summary>Milliseconds from ingest to prediction.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>How unusual the event is for its own entity (modified z-score against its recent median and MAD); null while the entity is new.</summary>
    public double? AnomalyScore { get; init; }

    /// <summary>How unusual the feature vector is for the model's recent traffic (Half-Space Trees, 0 to 1); null until the detector is ready.</summary>
    public double? ModelAnomalyScore { get; init; }
}
