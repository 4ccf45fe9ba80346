using Microsoft.ML;
using Microsoft.ML.Data;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;

namespace StreamML.Core.Tasks;

/// <summary>
/// One of several classes, labels 0 to <see cref="ModelTrainer.MaxClassIndex"/>: the model serves the predicted class index
/// as its score and that class's probability; log loss and AUC need every class's probability, given again at the label.
/// </summary>
internal sealed class MulticlassTaskKind : ModelTaskKind
{
    public override ModelTask Task => ModelTask.MulticlassClassification;

    public override string ShortName => "multiclass";

    public override string Name => "multiclass_classification";

    public override bool IsClassifier => true;

    public override bool UsesClassProbabilities => true;

    public override GateMetric DefaultGateMetric => GateMetric.Accuracy;

    public override string LabelRule => $"a class index from 0 to {ModelTrainer.MaxClassIndex}";

    internal override Type? WarmStartParameters => null;

    public override bool Gates(GateMetric metric) => metric is GateMetric.Accuracy or GateMetric.LogLoss or GateMetric.Auc;

    /// <summary>The entity's last class, its probability unknown; nothing while no label came.</summary>
    public override ModelScore Fallback(ReadOnlySpan<float> labelMemory) =>
        new(labelMemory.Length > 0 ? labelMemory[0] : float.NaN, float.NaN);

    public override float ServedValue(float score, float probability) => score;

    public override int PredictedClass(float score, float probability) => float.IsNaN(score) ? -1 : (int)MathF.Round(score);

    public override bool? IsCorrect(double label, float score, float probability) =>
        float.IsNaN(score) ? null : Math.Round(score) == Math.Round(label);

    public override bool IsValidLabel(double label) =>
        double.IsFinite(label) && label >= 0 && label <= ModelTrainer.MaxClassIndex && label == Math.Round(label);

    internal override bool AddTo(MetricAggregate sums, double label, float score, float probability)
    {
        if (IsCorrect(label, score, probability) is not { } correct)
        {
            return false;
        }

        sums.AddClassOutcome(correct);
        if (float.IsFinite(probability))
        {
            // The probability the model gave the observed class, known when the label's scoring could give it.
            sums.AddLogLoss(probability);
        }

        return true;
    }

    internal override MetricFigures FiguresOf(MetricAggregate sums) =>
        new(sums.Count, (double)sums.Correct / sums.Count, sums.LogLossCount > 0 ? sums.LogLossSum / sums.LogLossCount : double.NaN, sums.MacroAuc(), double.NaN, double.NaN);

    /// <summary>As live: the predicted class for accuracy, the probability of the observed class for log loss, every class's for the one-versus-rest AUC.</summary>
    internal override MetricFigures HoldoutFigures(ModelScorer scorer, TrainingSet set, int from)
    {
        var multiclass = new MetricAggregate(Task);
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

    internal override byte[] Fit(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics, ModelTrainer.Parent? parent) =>
        ModelTrainer.TrainMulticlass(ml, set, trainCount, normalizer, options, metrics);

    internal override ScoringEngine CreateEngine(ScoringModel model, FeatureRow input) => new Engine(model, input);

    private sealed class Engine : ScoringEngine
    {
        private readonly PredictionEngine<MulticlassTrainingRow, MulticlassScoreRow> _engine;
        private readonly MulticlassTrainingRow _input;
        private readonly float[] _classes;
        private MulticlassScoreRow _output = new();

        public Engine(ScoringModel model, FeatureRow input)
        {
            // The model's first transform maps the label column, so the input carries one: missing (NaN) when scoring.
            _input = new MulticlassTrainingRow { Features = input.Features, Label = float.NaN };
            _engine = model.Ml.Model.CreatePredictionEngine<MulticlassTrainingRow, MulticlassScoreRow>(
                model.Transformer, inputSchemaDefinition: ModelTrainer.SchemaFor<MulticlassTrainingRow>(model.Width));
            _classes = ClassesOf(_engine.OutputSchema);
        }

        public override ModelScore Predict()
        {
            _engine.Predict(_input, ref _output);
            var best = 0f;
            foreach (var p in _output.Score)
            {
                best = Math.Max(best, p);
            }

            return new ModelScore(_output.PredictedLabel, best);
        }

        public override ClassProbabilities ClassProbabilities()
        {
            _engine.Predict(_input, ref _output);
            return new ClassProbabilities(_classes, [.. _output.Score.AsSpan(0, Math.Min(_classes.Length, _output.Score.Length))])
            {
                Predicted = _output.PredictedLabel,
            };
        }

        /// <summary>
        /// The class index of each probability slot: the key values of the model's label column, which the model's first
        /// transform ordered by value and the learner's Score follows.
        /// </summary>
        private static float[] ClassesOf(DataViewSchema output)
        {
            var values = default(VBuffer<float>);
            output["Label"].GetKeyValues(ref values);
            return values.DenseValues().ToArray();
        }
    }
}
