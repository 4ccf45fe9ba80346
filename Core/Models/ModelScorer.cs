using System.Diagnostics;
using StreamML.Core.Metrics;
using StreamML.Core.Tasks;

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
    private readonly ScoringEngine _engine;

    private ModelScorer(ScoringModel model)
    {
        Model = model;
        _input = new FeatureRow { Features = new float[model.Width] };
        _normalization = new Normalization(model.Info.Normalization);
        _engine = model.Info.Task.Kind().CreateEngine(model, _input);
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
        return _engine.Predict();
    }

    /// <summary>
    /// Every class's probability for a raw feature vector (multiclass only), with the class the model predicts; used when a
    /// label arrives (log loss, AUC) and on held-out rows, so not timed as scoring.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not a multiclass classifier.</exception>
    public ClassProbabilities ClassProbabilitiesOf(ReadOnlySpan<float> features)
    {
        if (!Model.Info.Task.Kind().UsesClassProbabilities)
        {
            throw new InvalidOperationException($"model '{Model.Info.Model}' version {Model.Info.Version} is a {Model.Info.Task} model, not a multiclass one");
        }

        CheckWidth(features);
        SetInput(features);
        return _engine.ClassProbabilities()!;
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
}
