using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using StreamML.Core.Metrics;
using StreamML.Core.Schema;

namespace StreamML.Core.Models;

/// <summary>
/// Scores feature vectors with one prediction engine and reused input and output rows: not thread-safe, allocation-free
/// per call. Normalises with the version's frozen statistics before scoring, and records each call's duration in the
/// version's <see cref="ScoringModel.Latency"/>.
/// </summary>
public sealed class ModelScorer
{
    private readonly FeatureRow _input;
    private readonly Normalization _normalization;
    private readonly PredictionEngine<FeatureRow, BinaryScoreRow>? _binary;
    private readonly PredictionEngine<FeatureRow, RegressionScoreRow>? _regression;
    private readonly PredictionEngine<MulticlassTrainingRow, MulticlassScoreRow>? _multiclass;
    private readonly MulticlassTrainingRow? _multiclassInput;
    private BinaryScoreRow _binaryOutput = new();
    private RegressionScoreRow _regressionOutput = new();
    private MulticlassScoreRow _multiclassOutput = new();
    private readonly float[] _classes = [];

    private ModelScorer(ScoringModel model)
    {
        Model = model;
        _input = new FeatureRow { Features = new float[model.Width] };
        _normalization = new Normalization(model.Info.Normalization);
        var definition = ModelTrainer.SchemaFor<FeatureRow>(model.Width);
        if (model.Info.Task == ModelTask.MulticlassClassification)
        {
            // The model's first transform maps the label column, so the input carries one: missing (NaN) when scoring.
            _multiclassInput = new MulticlassTrainingRow { Features = _input.Features, Label = float.NaN };
            _multiclass = model.Ml.Model.CreatePredictionEngine<MulticlassTrainingRow, MulticlassScoreRow>(
                model.Transformer, inputSchemaDefinition: ModelTrainer.SchemaFor<MulticlassTrainingRow>(model.Width));
            _classes = ClassesOf(_multiclass.OutputSchema);
        }
        else if (model.Info.Task == ModelTask.Regression)
        {
            _regression = model.Ml.Model.CreatePredictionEngine<FeatureRow, RegressionScoreRow>(model.Transformer, inputSchemaDefinition: definition);
        }
        else
        {
            _binary = model.Ml.Model.CreatePredictionEngine<FeatureRow, BinaryScoreRow>(model.Transformer, inputSchemaDefinition: definition);
        }
    }

    /// <summary>The model this scorer belongs to.</summary>
    public ScoringModel Model { get; }

    internal static ModelScorer Create(ScoringModel model) => new(model);

    /// <summary>Normalises and scores one raw feature vector, recording the call in the version's scoring latency.</summary>
    public ModelScore Score(ReadOnlySpan<float> features)
    {
        CheckWidth(features);
        var start = Stopwatch.GetTimestamp();
        var score = Predict(features);
        Model.Latency.Record(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        return score;
    }

    /// <summary>
    /// Scores like <see cref="Score"/> without recording the call: offline evaluation (held-out rows, on the training
    /// thread) is not the serving latency the rollout guard compares.
    /// </summary>
    public ModelScore ScoreOffline(ReadOnlySpan<float> features)
    {
        CheckWidth(features);
        return Predict(features);
    }

    private ModelScore Predict(ReadOnlySpan<float> features)
    {
        SetInput(features);
        ModelScore score;
        if (_binary is not null)
        {
            _binary.Predict(_input, ref _binaryOutput);
            score = new ModelScore(_binaryOutput.Score, _binaryOutput.Probability);
        }
        else if (_multiclass is not null)
        {
            _multiclass.Predict(_multiclassInput!, ref _multiclassOutput);
            var best = 0f;
            foreach (var p in _multiclassOutput.Score)
            {
                best = Math.Max(best, p);
            }

            score = new ModelScore(_multiclassOutput.PredictedLabel, best);
        }
        else
        {
            _regression!.Predict(_input, ref _regressionOutput);
            score = new ModelScore(_regressionOutput.Score, float.NaN);
        }

        return score;
    }

    /// <summary>
    /// Every class's probability for a raw feature vector (multiclass only), with the class the model predicts; used when a
    /// label arrives (log loss, AUC) and on held-out rows, so not timed as scoring.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not a multiclass classifier.</exception>
    public ClassProbabilities ClassProbabilitiesOf(ReadOnlySpan<float> features)
    {
        if (_multiclass is null)
        {
            throw new InvalidOperationException($"model '{Model.Info.Model}' version {Model.Info.Version} is a {Model.Info.Task} model, not a multiclass one");
        }

        CheckWidth(features);
        SetInput(features);
        _multiclass.Predict(_multiclassInput!, ref _multiclassOutput);
        return new ClassProbabilities(_classes, [.. _multiclassOutput.Score.AsSpan(0, Math.Min(_classes.Length, _multiclassOutput.Score.Length))])
        {
            Predicted = _multiclassOutput.PredictedLabel,
        };
    }

    private void CheckWidth(ReadOnlySpan<float> features)
    {
        if (features.Length != _input.Features.Length)
        {
            throw new ArgumentException($"expected {_input.Features.Length} features, got {features.Length}", nameof(features));
        }
    }

    /// <summary>Copies a raw vector into the engines' input row and normalises it with the version's frozen statistics.</summary>
    private void SetInput(ReadOnlySpan<float> features)
    {
        features.CopyTo(_input.Features);
        _normalization.Apply(_input.Features);
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
