using Microsoft.ML;
using Microsoft.ML.Trainers;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;

namespace StreamML.Core.Tasks;

/// <summary>A real value: the model serves it as its score, with no probability; its errors are absolute and squared.</summary>
internal sealed class RegressionTaskKind : ModelTaskKind
{
    public override ModelTask Task => ModelTask.Regression;

    public override string ShortName => "regression";

    public override string Name => "regression";

    public override bool IsClassifier => false;

    public override GateMetric DefaultGateMetric => GateMetric.Mae;

    public override string LabelRule => "a finite number within single precision (at most 3.4e38 in magnitude)";

    /// <summary>Labels are kept as single-precision numbers, where a larger double becomes infinite.</summary>
    public override bool AcceptsLabel(double label) => float.IsFinite((float)label);

    internal override Type? WarmStartParameters => typeof(LinearRegressionModelParameters);

    public override bool Gates(GateMetric metric) => metric is GateMetric.Mae or GateMetric.Rmse;

    /// <summary>The entity's weighted label mean; nothing while no label came.</summary>
    public override ModelScore Fallback(ReadOnlySpan<float> labelMemory) =>
        new(labelMemory.Length > 1 ? labelMemory[1] : float.NaN, float.NaN);

    public override float ServedValue(float score, float probability) => score;

    public override int PredictedClass(float score, float probability) => -1;

    public override bool? IsCorrect(double label, float score, float probability) => null;

    public override float? ErrorOf(double label, float score, float probability) => Math.Abs(score - (float)label);

    /// <summary>The held-out mean absolute error, with the variance RMSE² − MAE² of the absolute errors.</summary>
    public override (double Mean, double Variance)? ExpectedError(IReadOnlyDictionary<string, double> holdoutFigures)
    {
        ArgumentNullException.ThrowIfNull(holdoutFigures);
        return holdoutFigures.TryGetValue("mae", out var mae) && holdoutFigures.TryGetValue("rmse", out var rmse)
            ? (mae, Math.Max(0, (rmse * rmse) - (mae * mae)))
            : null;
    }

    internal override bool AddTo(MetricAggregate sums, double label, float score, float probability)
    {
        if (!float.IsFinite(score) || !double.IsFinite(label))
        {
            return false;
        }

        sums.AddError(score - label);
        return true;
    }

    internal override MetricFigures FiguresOf(MetricAggregate sums) =>
        new(sums.Count, double.NaN, double.NaN, double.NaN, sums.AbsoluteErrorSum / sums.Count, Math.Sqrt(sums.SquaredErrorSum / sums.Count));

    internal override MetricFigures HoldoutFigures(ModelScorer scorer, TrainingSet set, int from)
    {
        var regression = new RegressionWindowMetrics(set.Count - from);
        for (var i = from; i < set.Count; i++)
        {
            regression.Add(set.Labels[i], scorer.ScoreOffline(set.Rows[i]).Score);
        }

        return regression.Figures;
    }

    internal override byte[] Fit(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics, ModelTrainer.Parent? parent) =>
        ModelTrainer.TrainRegression(ml, set, trainCount, normalizer, options, metrics, parent);

    internal override ScoringEngine CreateEngine(ScoringModel model, FeatureRow input) => new Engine(model, input);

    private sealed class Engine(ScoringModel model, FeatureRow input) : ScoringEngine
    {
        private readonly PredictionEngine<FeatureRow, RegressionScoreRow> _engine =
            model.Ml.Model.CreatePredictionEngine<FeatureRow, RegressionScoreRow>(model.Transformer, inputSchemaDefinition: ModelTrainer.SchemaFor<FeatureRow>(model.Width));

        private RegressionScoreRow _output = new();

        public override ModelScore Predict()
        {
            _engine.Predict(input, ref _output);
            return new ModelScore(_output.Score, float.NaN);
        }
    }
}
