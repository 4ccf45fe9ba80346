using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using StreamML.Core.Metrics;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Core.Models;

/// <summary>
/// Trains an ML.NET model on a <see cref="TrainingSet"/>: freezes normalisation statistics from the training rows,
/// fits the configured learner on the normalised rows, evaluates it on the newest held-out rows, and returns the
/// model zip. Synchronous and CPU-bound: callers run it off any latency-sensitive scheduler.
/// </summary>
public static partial class ModelTrainer
{
    private const int MinExamples = 20;

    /// <summary>
    /// FastTree's parallelism is process-wide (the first value wins). With one thread it hands every step to the shared
    /// thread pool and blocks on it, which crawls when the pool is busy serving grains; with two, the calling thread runs
    /// the steps itself when no pool thread is free, so a fit on a dedicated thread completes under load.
    /// </summary>
    private const int FastTreeThreads = 2;

    /// <summary>Trains a model from scratch.</summary>
    /// <exception cref="ArgumentException">The set is too small, has one class only, or the options are invalid.</exception>
    public static TrainedModel Train(TrainingSet set, ModelTask task, TrainingOptions options, CancellationToken cancellationToken = default) =>
        Train(set, task, options, warm: null, cancellationToken);

    /// <summary>
    /// Trains a model, continuing <paramref name="warm"/> when it can: with a warm-startable trainer of the parent's kind,
    /// a parent of the set's width and at least 20 examples newer than the parent's training end, the learner starts from
    /// the parent's weights, trains on those newer examples only and keeps the parent's normalisation. Otherwise it trains
    /// from scratch on the whole set and <see cref="TrainedModel.WarmStartRefusal"/> says why. Whenever a parent is offered,
    /// the metrics carry <c>warm_start</c> = 1 (continued) or 0 (from scratch).
    /// </summary>
    /// <exception cref="ArgumentException">The set is too small, has one class only, or the options are invalid.</exception>
    public static TrainedModel Train(TrainingSet set, ModelTask task, TrainingOptions options, WarmStart? warm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        string? refusal = null;
        Parent? parent = null;
        var offset = 0;
        if (warm is not null)
        {
            offset = set.Count;
            while (offset > 0 && set.Times[offset - 1] > warm.TrainingEndTicks)
            {
                offset--;
            }

            refusal = CheckParent(warm, set.Width, task, options.Trainer)
                ?? (set.Count - offset < MinExamples ? $"only {set.Count - offset} examples are newer than the parent, {MinExamples} needed" : null);
            if (refusal is null)
            {
                parent = new Parent(warm.Artifact, warm.Normalization);
                set = Slice(set, offset);
            }
            else
            {
                offset = 0;
            }
        }

        if (set.Count < MinExamples)
        {
            throw new ArgumentException($"need at least {MinExamples} examples to train, have {set.Count}", nameof(set));
        }

        var holdout = (int)Math.Floor(set.Count * options.HoldoutFraction);
        var trainCount = set.Count - holdout;

        // ML.NET 5 has no public way to interrupt a fit, so cancellation is honoured between the stages only.
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var (artifact, stats) = Fit(set, trainCount, task, options, metrics, parent);
        if (options.RefitOnAll && trainCount < set.Count)
        {
            // The held-out figures describe the learner on the newest data; the model served learns from it as well.
            cancellationToken.ThrowIfCancellationRequested();
            (artifact, stats) = Fit(set, set.Count, task, options, metrics, parent);
            trainCount = set.Count;
        }

        if (warm is not null)
        {
            metrics["warm_start"] = parent is null ? 0 : 1;
        }

        cancellationToken.ThrowIfCancellationRequested();
        // Examples from several partitions arrive interleaved: the training span is their earliest and latest event time.
        return new TrainedModel(artifact, metrics, stats, trainCount, set.Times.Min(), set.Times.Max())
        {
            HoldoutStart = offset + set.Count - holdout,
            WarmStartRefusal = refusal,
        };
    }

    /// <summary>Whether the learner can start from earlier weights.</summary>
    public static bool IsWarmStartable(TrainerKind trainer) =>
        trainer is TrainerKind.AveragedPerceptron or TrainerKind.OnlineGradientDescent or TrainerKind.LbfgsLogisticRegression;

    private static (byte[] Artifact, IReadOnlyList<ColumnStatistics> Stats) Fit(TrainingSet set, int trainCount, ModelTask task, TrainingOptions options, Dictionary<string, double> metrics, Parent? parent)
    {
        var stats = parent?.Normalization ?? Normalization.Compute(set.Rows, trainCount, set.Width);
        var normalizer = new Normalization(stats);
        var ml = new MLContext(seed: options.Seed);
        return (task.Kind().Fit(ml, set, trainCount, normalizer, options, metrics, parent), stats);
    }

    internal static byte[] TrainBinary(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics, Parent? parent)
    {
        var rows = new BinaryTrainingRow[set.Count];
        var positives = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var features = set.Rows[i].ToArray();
            normalizer.Apply(features);
            var label = set.Labels[i] > 0.5f;
            rows[i] = new BinaryTrainingRow { Features = features, Label = label };
            if (i < trainCount && label)
            {
                positives++;
            }
        }

        if (positives == 0 || positives == trainCount)
        {
            throw new ArgumentException($"the training rows hold one class only ({positives} of {trainCount} positive)", nameof(set));
        }

        var definition = SchemaFor<BinaryTrainingRow>(set.Width);
        var train = ml.Data.LoadFromEnumerable(rows.Take(trainCount), definition);
        var model = FitBinary(ml, train, options, parent);
        if (trainCount < set.Count)
        {
            var test = ml.Data.LoadFromEnumerable(rows.Skip(trainCount), definition);
            var predictions = model.Transform(test);
            var figures = new BinaryWindowMetrics(set.Count - trainCount);
            var i = trainCount;
            foreach (var p in ml.Data.CreateEnumerable<BinaryScoreRow>(predictions, reuseRowObject: true))
            {
                figures.Add(rows[i++].Label, p.Probability);
            }

            Put(metrics, figures.Figures);
        }

        return Save(ml, model, train.Schema);
    }

    internal static byte[] TrainRegression(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics, Parent? parent)
    {
        var rows = new RegressionTrainingRow[set.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var features = set.Rows[i].ToArray();
            normalizer.Apply(features);
            rows[i] = new RegressionTrainingRow { Features = features, Label = set.Labels[i] };
        }

        var definition = SchemaFor<RegressionTrainingRow>(set.Width);
        var train = ml.Data.LoadFromEnumerable(rows.Take(trainCount), definition);
        var model = FitRegression(ml, train, options, parent);
        if (trainCount < set.Count)
        {
            var test = ml.Data.LoadFromEnumerable(rows.Skip(trainCount), definition);
            var figures = new RegressionWindowMetrics(set.Count - trainCount);
            var i = trainCount;
            foreach (var p in ml.Data.CreateEnumerable<RegressionScoreRow>(model.Transform(test), reuseRowObject: true))
            {
                figures.Add(rows[i++].Label, p.Score);
            }

            Put(metrics, figures.Figures);
        }

        return Save(ml, model, train.Schema);
    }

    /// <summary>The largest class index a multiclass model accepts (labels are 0 to this).</summary>
    public const int MaxClassIndex = 999;

    internal static byte[] TrainMulticlass(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics)
    {
        var kind = ModelTask.MulticlassClassification.Kind();
        var rows = new MulticlassTrainingRow[set.Count];
        var classes = new SortedSet<int>();
        for (var i = 0; i < rows.Length; i++)
        {
            var label = set.Labels[i];
            if (!kind.IsValidLabel(label))
            {
                throw new ArgumentException($"a {kind.ShortName} label must be {kind.LabelRule}, example {i} has {label}", nameof(set));
            }

            var features = set.Rows[i].ToArray();
            normalizer.Apply(features);
            rows[i] = new MulticlassTrainingRow { Features = features, Label = label };
            if (i < trainCount)
            {
                classes.Add((int)label);
            }
        }

        if (classes.Count < 2)
        {
            throw new ArgumentException($"the training rows hold one class only (class {classes.Min})", nameof(set));
        }

        var definition = SchemaFor<MulticlassTrainingRow>(set.Width);
        var train = ml.Data.LoadFromEnumerable(rows.Take(trainCount), definition);

        // Keys follow the class indices' order, so the i-th probability of Score belongs to the i-th smallest class seen
        // in training; the last transform turns the predicted key back into its class index.
        var model = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(MulticlassLearner(ml, options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(train);
        if (trainCount < set.Count)
        {
            float[] order = [.. classes.Select(c => (float)c)];
            var test = ml.Data.LoadFromEnumerable(rows.Skip(trainCount), definition);
            var figures = new MetricAggregate(ModelTask.MulticlassClassification);
            var i = trainCount;
            foreach (var p in ml.Data.CreateEnumerable<MulticlassScoreRow>(model.Transform(test), reuseRowObject: true))
            {
                // A class never seen in training has probability 0.
                var label = rows[i++].Label;
                var probabilities = new ClassProbabilities(order, [.. p.Score.AsSpan(0, Math.Min(order.Length, p.Score.Length))]) { Predicted = p.PredictedLabel };
                figures.Add(label, probabilities.Predicted, probabilities.Of(label));
                figures.AddClassProbabilities(label, probabilities);
            }

            Put(metrics, figures.Figures());
        }

        return Save(ml, model, train.Schema);
    }

    /// <summary>Held-out figures, computed by the same code as the live per-version metrics so the two compare.</summary>
    private static void Put(Dictionary<string, double> metrics, MetricFigures figures)
    {
        foreach (var (name, value) in figures.ToDictionary())
        {
            metrics[name == "count" ? "holdout_examples" : name] = value;
        }
    }

    internal static SchemaDefinition SchemaFor<T>(int width)
    {
        var definition = SchemaDefinition.Create(typeof(T));
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return definition;
    }

    private static byte[] Save(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        return stream.ToArray();
    }
}
