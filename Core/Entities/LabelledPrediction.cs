namespace StreamML.Core.Entities;

/// <summary>A prediction joined with its label: the unit of online metrics and of training data.</summary>
/// <param name="EventId">The event id.</param>
/// <param name="ModelVersion">The version that served the prediction (0 for a fallback).</param>
/// <param name="Score">The served score.</param>
/// <param name="Probability">The served probability (NaN for regression).</param>
/// <param name="ShadowVersion">The shadow version scored beside it, or 0.</param>
/// <param name="ShadowScore">The shadow score.</param>
/// <param name="ShadowProbability">The shadow probability.</param>
/// <param name="Label">The observed label.</param>
/// <param name="EventTicks">Event time of the labelled event.</param>
/// <param name="Features">The feature vector the prediction was made from (owned by the caller until the next call).</param>
public readonly record struct LabelledPrediction(
    string EventId,
    int ModelVersion,
    float Score,
    float Probability,
    int ShadowVersion,
    float ShadowScore,
    float ShadowProbability,
    double Label,
    long EventTicks,
    ReadOnlyMemory<float> Features)
{
    /// <summary>Multiclass: what the serving version gave every class, when it could score the features again; else null.</summary>
    public Metrics.ClassProbabilities? ServedClasses { get; init; }

    /// <summary>Multiclass: what the shadow version gave every class, when it could score the features again; else null.</summary>
    public Metrics.ClassProbabilities? ShadowClasses { get; init; }

    /// <summary>The entity the label belongs to (as the platform keeps it), set by the entity group.</summary>
    public string? Entity { get; init; }

    /// <summary>
    /// The served prediction's error in the units of the drift monitors' error stream (see
    /// <see cref="Tasks.ModelTaskKind.ErrorOf"/>), set by the entity group; null when it gives nothing to judge.
    /// </summary>
    public float? Error { get; init; }
}
