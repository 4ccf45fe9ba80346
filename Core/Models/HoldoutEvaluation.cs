using StreamML.Core.Metrics;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Core.Models;

/// <summary>
/// Scores a model on the held-out rows of a training set with the code that computes live per-version metrics, so a
/// champion's held-out figures compare with a candidate's.
/// </summary>
public static class HoldoutEvaluation
{
    /// <summary>The figures of <paramref name="model"/> on rows <paramref name="from"/> to the end of <paramref name="set"/>.</summary>
    /// <exception cref="ArgumentException">The model's width differs from the set's.</exception>
    public static MetricFigures Evaluate(ScoringModel model, TrainingSet set, int from, ModelTask task)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        if (model.Width != set.Width)
        {
            throw new ArgumentException($"the model reads {model.Width} features, the rows hold {set.Width}", nameof(model));
        }

        var n = set.Count - from;
        if (n <= 0)
        {
            return MetricFigures.Empty;
        }

        // Scored offline: these calls are not serving traffic and stay out of the version's scoring latency.
        var scorer = model.Rent();
        try
        {
            return task.Kind().HoldoutFigures(scorer, set, from);
        }
        finally
        {
            model.Return(scorer);
        }
    }
}
