namespace StreamML.Core.Models;

/// <summary>The outcome of a training run: the artefact bytes and what the registry records about them.</summary>
/// <param name="Artifact">The ML.NET model zip.</param>
/// <param name="Metrics">Held-out evaluation figures.</param>
/// <param name="Normalization">Per-column statistics of the training data.</param>
/// <param name="TrainingExamples">Examples the returned model learnt from (all of them when it was refitted after evaluation).</param>
/// <param name="TrainingStart">Event time (ticks) of the oldest example.</param>
/// <param name="TrainingEnd">Event time (ticks) of the newest example.</param>
public sealed record TrainedModel(
    byte[] Artifact,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<ColumnStatistics> Normalization,
    long TrainingExamples,
    long TrainingStart,
    long TrainingEnd)
{
    /// <summary>Index of the first held-out row of the training set (its count when nothing was held out).</summary>
    public int HoldoutStart { get; init; }

    /// <summary>Why an offered parent was not continued (the model was trained from scratch); null otherwise.</summary>
    public string? WarmStartRefusal { get; init; }
}
