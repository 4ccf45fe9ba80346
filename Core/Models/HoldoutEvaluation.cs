using StreamML.Core.Metrics;
using StreamML.Core.Schema;

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
            return Figures(scorer, set, from, task);
        }
        finally
        {
            model.Return(scorer);
        }
    }

    private static MetricFigures Figures(ModelScorer scorer, TrainingSet set, int from, ModelTask task)
    {
        var n = set.Count - from;
        if (task == ModelTask.Regression)
        {
            var regression = new RegressionWindowMetrics(n);
            for (var i = from; i < set.Count; i++)
            {
                regression.Add(set.Labels[i], scorer.ScoreOffline(set.Rows[i]).Score);
            }

            return regression.Figures;
        }

        if (task == ModelTask.MulticlassClassification)
        {
            // As live: the predicted class for accuracy, the probability of the observed class for log loss, every class's
            // for the one-versus-rest AUC.
            var multiclass = new MetricAggregate(task);
            for (var i = from; i < set.Count; i++)
            {
                var classes = scorer.ClassProbabilitiesOf(set.Rows[i]);
                if (multiclass.Add(set.Labels[i], classes.Predicted, classes.Of(set.Labels[i])))
                {
                    multiclass.AddClassProbabilities(set.Labels[i], classes);
                }
            }

            return multiclass.Figures();
        }

        var binary = new BinaryWindowMetrics(n);
        for (var i = from; i < set.Count; i++)
        {
            binary.Add(set.Labels[i] > 0.5f, scorer.ScoreOffline(set.Rows[i]).Probability);
        }

        return binary.Figures;
    }

}
