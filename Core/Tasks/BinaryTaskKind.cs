using Microsoft.ML;
using Microsoft.ML.Trainers;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;

namespace StreamML.Core.Tasks;

/// <summary>
/// Two classes, labels 0 and 1: the model serves the probability of class 1, and a probability of at least 0.5 predicts it.
/// </summary>
internal sealed class BinaryTaskKind : ModelTaskKind
{
    public override ModelTask Task => ModelTask.BinaryClassification;

    public override string ShortName => "binary";

    public override string Name => "binary_classification";

    public override bool IsClassifier => true;

    public override int? FixedClassCount => 2;

    public override GateMetric DefaultGateMetric => GateMetric.Accuracy;

    public override string LabelRule => "0 or 1 (or a probability of class 1 between them)";

    public override bool AcceptsLabel(double label) => label is >= 0 and <= 1;

    internal override Type? WarmStartParameters => typeof(LinearBinaryModelParameters);

    public override bool Gates(GateMetric metric) => metric is GateMetric.Accuracy or GateMetric.LogLoss or GateMetric.Auc;

    /// <summary>The entity's weighted label mean as the probability of class 1, else a coin.</summary>
    public override ModelScore Fallback(ReadOnlySpan<float> labelMemory)
    {
        var prior = labelMemory.Length > 1 ? labelMemory[1] : float.NaN;
        return new ModelScore(float.NaN, float.IsNaN(prior) ? 0.5f : Math.Clamp(prior, 0f, 1f));
    }

    public override float ServedValue(float score, float probability) => probability;

    public override int PredictedClass(float score, float probability) => probability >= 0.5f ? 1 : 0;

    public override bool? IsCorrect(double label, float score, float probability) =>
        float.IsNaN(probability) ? null : BinaryWindowMetrics.IsCorrect(label >= 0.5, probability);

    internal override bool AddTo(MetricAggregate sums, double label, float score, float probability)
    {
        if (float.IsNaN(probability))
        {
            return false;
        }

        var positive = label >= 0.5;
        sums.AddClassOutcome(BinaryWindowMetrics.IsCorrect(positive, probability));
        sums.AddLogLoss(positive ? probability : 1 - probability);
        sums.AddProbabilityBin(positive, probability);
        return true;
    }

    internal override MetricFigures FiguresOf(MetricAggregate sums) =>
        new(sums.Count, (double)sums.Correct / sums.Count, sums.LogLossSum / sums.Count, sums.BinaryAuc(), double.NaN, double.NaN);

    internal override long LogLossCountOf(long count) => count;

    internal override MetricFigures HoldoutFigures(ModelScorer scorer, TrainingSet set, int from)
    {
        var binary = new BinaryWindowMetrics(set.Count - from);
        for (var i = from; i < set.Count; i++)
        {
            binary.Add(set.Labels[i] > 0.5f, scorer.ScoreOffline(set.Rows[i]).Probability);
        }

        return binary.Figures;
    }

    internal override byte[] Fit(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics, ModelTrainer.Parent? parent) =>
        ModelTrainer.TrainBinary(ml, set, trainCount, normalizer, options, metrics, parent);

    internal override ScoringEngine CreateEngine(ScoringModel model, FeatureRow input) => new Engine(model, input);

    private sealed class Engine(ScoringModel model, FeatureRow input) : ScoringEngine
    {
        private readonly PredictionEngine<FeatureRow, BinaryScoreRow> _engine =
            model.Ml.Model.CreatePredictionEngine<FeatureRow, BinaryScoreRow>(model.Transformer, inputSchemaDefinition: ModelTrainer.SchemaFor<FeatureRow>(model.Width));

        private BinaryScoreRow _output = new();

        public override ModelScore Predict()
        {
            _engine.Predict(input, ref _output);
            return new ModelScore(_output.Score, _output.Probability);
        }
    }
}
