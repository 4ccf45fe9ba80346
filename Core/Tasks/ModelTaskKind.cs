using Microsoft.ML;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;

namespace StreamML.Core.Tasks;

/// <summary>
/// What a model's task means everywhere the platform asks: how a prediction is served, what an entity predicts without a
/// model, when a labelled prediction was right and what its error is, which figures measure it and which of them may gate a
/// rollout, which labels it accepts, and how its ML.NET model is trained and scored. <see cref="ModelTask"/> stays the
/// configuration value; <see cref="Of"/> gives its kind. Each task is one sealed type, so a new task is a new type rather
/// than a branch in every place that asks.
/// </summary>
public abstract class ModelTaskKind
{
    private static readonly ModelTaskKind[] Kinds = [new BinaryTaskKind(), new RegressionTaskKind(), new MulticlassTaskKind()];

    private protected ModelTaskKind()
    {
    }

    /// <summary>Every task the platform runs.</summary>
    public static IReadOnlyList<ModelTaskKind> All => Kinds;

    /// <summary>The configuration value this kind stands for.</summary>
    public abstract ModelTask Task { get; }

    /// <summary>The task's short name, as <c>evaluate --task</c> takes it (binary, multiclass, regression).</summary>
    public abstract string ShortName { get; }

    /// <summary>The task's name in machine-readable output (binary_classification, multiclass_classification, regression).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the model predicts a class, so accuracy and kappa apply (rather than errors of a quantity).</summary>
    public abstract bool IsClassifier { get; }

    /// <summary>The number of classes when the task fixes it (2 for binary classification), otherwise null.</summary>
    public virtual int? FixedClassCount => null;

    /// <summary>
    /// Whether a labelled prediction's figures need the probability of every class (log loss of the observed class and the
    /// one-versus-rest AUC), which the serving version gives when it scores the remembered features again at the label.
    /// </summary>
    public virtual bool UsesClassProbabilities => false;

    /// <summary>The figure a rollout gate compares when none is configured.</summary>
    public abstract GateMetric DefaultGateMetric { get; }

    /// <summary>What a label must be for this task, in words, for the messages that refuse one.</summary>
    public virtual string LabelRule => "a number";

    /// <summary>The kind of <paramref name="task"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value names no task.</exception>
    public static ModelTaskKind Of(ModelTask task) =>
        (int)task >= 0 && (int)task < Kinds.Length && Kinds[(int)task].Task == task
            ? Kinds[(int)task]
            : throw new ArgumentOutOfRangeException(nameof(task), task, "unknown model task");

    /// <summary>Finds the task named <paramref name="name"/> by its <see cref="ShortName"/>, ignoring case.</summary>
    /// <param name="name">The short name.</param>
    /// <param name="kind">The task with that name; the binary task when none has it (check the result).</param>
    /// <returns>Whether a task has that name.</returns>
    public static bool TryParse(string? name, out ModelTaskKind kind)
    {
        foreach (var k in Kinds)
        {
            if (string.Equals(name, k.ShortName, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = Kinds[0];
        return false;
    }

    /// <summary>Whether <paramref name="metric"/> measures this task's predictions, so a rollout may be gated on it.</summary>
    public abstract bool Gates(GateMetric metric);

    /// <summary>
    /// What an entity predicts while no model is ready, from what its labels revealed so far: <paramref name="labelMemory"/>
    /// holds the last label, their weighted mean and the events since the last one (each NaN while none came), or is empty
    /// when the schema keeps no label memory.
    /// </summary>
    public abstract ModelScore Fallback(ReadOnlySpan<float> labelMemory);

    /// <summary>The value a labelled example records as the prediction that was served (probability, class or quantity).</summary>
    public abstract float ServedValue(float score, float probability);

    /// <summary>The class a prediction names (classifiers), or -1 when it names none.</summary>
    public abstract int PredictedClass(float score, float probability);

    /// <summary>Whether a prediction named the observed class; null when it named none or the task predicts no class.</summary>
    public abstract bool? IsCorrect(double label, float score, float probability);

    /// <summary>
    /// The error of a labelled prediction in the units of the drift monitors' error stream: 1 for a miss and 0 for a hit
    /// (classifiers), the absolute error (regression); null when the prediction gives nothing to judge.
    /// </summary>
    public virtual float? ErrorOf(double label, float score, float probability) =>
        IsCorrect(label, score, probability) is { } correct ? (correct ? 0f : 1f) : null;

    /// <summary>
    /// The error a version showed on its held-out rows, in the units of <see cref="ErrorOf"/>, with its variance, from the
    /// held-out figures its training recorded; null when they lack what it needs.
    /// </summary>
    public virtual (double Mean, double Variance)? ExpectedError(IReadOnlyDictionary<string, double> holdoutFigures)
    {
        ArgumentNullException.ThrowIfNull(holdoutFigures);
        if (!holdoutFigures.TryGetValue("accuracy", out var accuracy))
        {
            return null;
        }

        // A classifier's errors are Bernoulli: the error rate, with its variance.
        var rate = 1 - accuracy;
        return (rate, rate * (1 - rate));
    }

    /// <summary>Whether <paramref name="label"/> is one this task's models can learn from and be judged by.</summary>
    public virtual bool IsValidLabel(double label) => true;

    /// <summary>
    /// Whether a label arriving from outside is taken: one <see cref="IsValidLabel"/> allows that also lies within the
    /// task's range (see <see cref="LabelRule"/>), so a typo such as 10 for a binary label is refused rather than learnt.
    /// </summary>
    public virtual bool AcceptsLabel(double label) => IsValidLabel(label);

    /// <summary>Adds one labelled prediction to <paramref name="sums"/>; false when the prediction has no usable output.</summary>
    internal abstract bool AddTo(MetricAggregate sums, double label, float score, float probability);

    /// <summary>The figures of non-empty <paramref name="sums"/>.</summary>
    internal abstract MetricFigures FiguresOf(MetricAggregate sums);

    /// <summary>How many of <paramref name="count"/> predictions sums rebuilt without a log-loss count have a log-loss term.</summary>
    internal virtual long LogLossCountOf(long count) => 0;

    /// <summary>The figures of <paramref name="scorer"/> on rows <paramref name="from"/> to the end of <paramref name="set"/>, scored offline.</summary>
    internal abstract MetricFigures HoldoutFigures(ModelScorer scorer, TrainingSet set, int from);

    /// <summary>Fits the configured learner of this task on normalised rows and returns the saved model.</summary>
    internal abstract byte[] Fit(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics, ModelTrainer.Parent? parent);

    /// <summary>The linear model type a warm-started learner of this task continues, or null when the task always trains from scratch.</summary>
    internal abstract Type? WarmStartParameters { get; }

    /// <summary>Builds the prediction engine of one scorer, reading the scorer's <paramref name="input"/> row.</summary>
    internal abstract ScoringEngine CreateEngine(ScoringModel model, FeatureRow input);

    /// <inheritdoc />
    public override string ToString() => Name;
}
