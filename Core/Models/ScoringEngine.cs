using StreamML.Core.Metrics;

namespace StreamML.Core.Models;

/// <summary>
/// One scorer's ML.NET prediction engine for its model's task, with its reused output row: reads the scorer's input row,
/// already normalised. Not thread-safe; each task kind builds its own.
/// </summary>
internal abstract class ScoringEngine
{
    /// <summary>Scores the input row.</summary>
    public abstract ModelScore Predict();

    /// <summary>Every class's probability for the input row, with the predicted class; null when the task has no class probabilities.</summary>
    public virtual ClassProbabilities? ClassProbabilities() => null;
}
