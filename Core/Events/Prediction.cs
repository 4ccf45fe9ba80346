namespace StreamML.Core.Events;

/// <summary>The outcome of scoring one event.</summary>
public readonly record struct Prediction
{
    /// <summary>Creates a prediction whose anomaly scores are not known (NaN) until set.</summary>
    public Prediction()
    {
    }

    /// <summary>The event's id.</summary>
    public required string EventId { get; init; }

    /// <summary>The event's entity.</summary>
    public required string Entity { get; init; }

    /// <summary>The model name.</summary>
    public required string Model { get; init; }

    /// <summary>The version that served the prediction; 0 for a fallback.</summary>
    public int ModelVersion { get; init; }

    /// <summary>Which route served it.</summary>
    public PredictionRoute Route { get; init; }

    /// <summary>The raw score (the predicted class index for a multiclass model); NaN for a fallback without a prior.</summary>
    public float Score { get; init; }

    /// <summary>
    /// Probability of the positive class (binary) or of the predicted class (multiclass); 0.5 for a binary fallback; NaN for
    /// regression and for a multiclass fallback.
    /// </summary>
    public float Probability { get; init; }

    /// <summary>The challenger version scored in shadow, or 0.</summary>
    public int ShadowVersion { get; init; }

    /// <summary>The shadow version's score, NaN when none.</summary>
    public float ShadowScore { get; init; }

    /// <summary>The shadow version's probability, NaN when none.</summary>
    public float ShadowProbability { get; init; }

    /// <summary>Event time (UTC ticks).</summary>
    public long EventTicks { get; init; }

    /// <summary>When the platform received the event (UTC ticks).</summary>
    public long IngestTicks { get; init; }

    /// <summary>When the prediction was made (UTC ticks).</summary>
    public long ScoredTicks { get; init; }

    /// <summary>The event's segment.</summary>
    public string? Segment { get; init; }

    /// <summary>
    /// How unusual the event's values are for its own entity: the largest modified z-score (0.6745 · |x − median| / MAD)
    /// over its values against the entity's recent median and MAD; NaN while the entity is new.
    /// </summary>
    public float AnomalyScore { get; init; } = float.NaN;

    /// <summary>
    /// How unusual the event's feature vector is for the model's recent traffic on this silo: the Half-Space Trees score
    /// in [0, 1] (higher is more unusual); NaN until the detector has seen enough events or when it is off.
    /// </summary>
    public float ModelAnomalyScore { get; init; } = float.NaN;

    /// <summary>Whether this is a fallback rather than a model's output.</summary>
    public bool IsFallback => Route == PredictionRoute.Fallback;
}
