namespace StreamML.Core.Metrics;

/// <summary>The figure a rollout gate compares between challenger and champion.</summary>
public enum GateMetric
{
    /// <summary>Share of correct predictions; higher is better.</summary>
    Accuracy = 0,

    /// <summary>Mean log loss; lower is better.</summary>
    LogLoss = 1,

    /// <summary>Area under the ROC curve; higher is better.</summary>
    Auc = 2,

    /// <summary>Mean absolute error; lower is better.</summary>
    Mae = 3,

    /// <summary>Root mean squared error; lower is better.</summary>
    Rmse = 4,
}

/// <summary>Facts about <see cref="GateMetric"/>s.</summary>
public static class GateMetrics
{
    /// <summary>Whether a higher value of <paramref name="metric"/> is better.</summary>
    public static bool HigherIsBetter(this GateMetric metric) => metric is GateMetric.Accuracy or GateMetric.Auc;

    /// <summary>The metric's name on the wire and in audit records (accuracy, log_loss, auc, mae, rmse).</summary>
    public static string Name(this GateMetric metric) => metric switch
    {
        GateMetric.Accuracy => "accuracy",
        GateMetric.LogLoss => "log_loss",
        GateMetric.Auc => "auc",
        GateMetric.Mae => "mae",
        GateMetric.Rmse => "rmse",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric"),
    };

    /// <summary>Parses a metric name (as written by <see cref="Name"/>, case-insensitive; "logloss" also accepted).</summary>
    public static bool TryParse(string? text, out GateMetric metric)
    {
        foreach (var m in Enum.GetValues<GateMetric>())
        {
            if (string.Equals(text, m.Name(), StringComparison.OrdinalIgnoreCase) || string.Equals(text, m.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                metric = m;
                return true;
            }
        }

        metric = default;
        return false;
    }
}
