namespace StreamML.Core.Metrics;

/// <summary>
/// A model version's online figures over some set of labelled predictions. A figure that does not apply to the task, or
/// cannot be computed from what was seen (AUC with one class only), is NaN.
/// </summary>
/// <param name="Count">Labelled predictions the figures cover.</param>
/// <param name="Accuracy">Share of correct class predictions (classification).</param>
/// <param name="LogLoss">Mean negative log-likelihood of the observed class (classification).</param>
/// <param name="Auc">Area under the ROC curve (binary classification).</param>
/// <param name="Mae">Mean absolute error (regression).</param>
/// <param name="Rmse">Root mean squared error (regression).</param>
public readonly record struct MetricFigures(long Count, double Accuracy, double LogLoss, double Auc, double Mae, double Rmse)
{
    /// <summary>No labelled predictions.</summary>
    public static MetricFigures Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>The figure named by <paramref name="metric"/>.</summary>
    public double Get(GateMetric metric) => metric switch
    {
        GateMetric.Accuracy => Accuracy,
        GateMetric.LogLoss => LogLoss,
        GateMetric.Auc => Auc,
        GateMetric.Mae => Mae,
        GateMetric.Rmse => Rmse,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric"),
    };

    /// <summary>The figures that apply, by name (accuracy, log_loss, auc, mae, rmse), without the NaN ones.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["count"] = Count };
        Put(figures, "accuracy", Accuracy);
        Put(figures, "log_loss", LogLoss);
        Put(figures, "auc", Auc);
        Put(figures, "mae", Mae);
        Put(figures, "rmse", Rmse);
        return figures;
    }

    private static void Put(Dictionary<string, double> figures, string name, double value)
    {
        if (double.IsFinite(value))
        {
            figures[name] = value;
        }
    }
}
