using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using StreamML.Core.Metrics;
using StreamML.Core.Schema;

namespace StreamML.Core.Models;

/// <summary>
/// Trains an ML.NET model on a <see cref="TrainingSet"/>: freezes normalisation statistics from the training rows,
/// fits the configured learner on the normalised rows, evaluates it on the newest held-out rows, and returns the
/// model zip. Synchronous and CPU-bound: callers run it off any latency-sensitive scheduler.
/// </summary>
public static class ModelTrainer
{
    /// <summary>
    /// FastTree's parallelism is process-wide (the first value wins). With one thread it hands every step to the shared
    /// thread pool and blocks on it, which crawls when the pool is busy serving grains; with two, the calling thread runs
    /// the steps itself when no pool thread is free, so a fit on a dedicated thread completes under load.
    /// </summary>
    private const int FastTreeThreads = 2;

    /// <summary>Trains a model.</summary>
    /// <exception cref="ArgumentException">The set is too small, has one class only, or the options are invalid.</exception>
    public static TrainedModel Train(TrainingSet set, ModelTask task, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        if (set.Count < 20)
        {
            throw new ArgumentException($"need at least 20 examples to train, have {set.Count}", nameof(set));
        }

        var holdout = (int)Math.Floor(set.Count * options.HoldoutFraction);
        var trainCount = set.Count - holdout;

        // ML.NET 5 has no public way to interrupt a fit, so cancellation is honoured between the stages only.
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var (artifact, stats) = Fit(set, trainCount, task, options, metrics);
        if (options.RefitOnAll && trainCount < set.Count)
        {
            // The held-out figures describe the learner on the newest data; the model served learns from it as well.
            cancellationToken.ThrowIfCancellationRequested();
            (artifact, stats) = Fit(set, set.Count, task, options, metrics);
            trainCount = set.Count;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new TrainedModel(artifact, metrics, stats, trainCount, set.Times[0], set.Times[set.Count - 1]) { HoldoutStart = set.Count - holdout };
    }

    private static (byte[] Artifact, IReadOnlyList<ColumnStatistics> Stats) Fit(TrainingSet set, int trainCount, ModelTask task, TrainingOptions options, Dictionary<string, double> metrics)
    {
        var stats = Normalization.Compute(set.Rows, trainCount, set.Width);
        var normalizer = new Normalization(stats);
        var ml = new MLContext(seed: options.Seed);
        var artifact = task switch
        {
            ModelTask.BinaryClassification => TrainBinary(ml, set, trainCount, normalizer, options, metrics),
            ModelTask.Regression => TrainRegression(ml, set, trainCount, normalizer, options, metrics),
            _ => throw new ArgumentException($"task {task} is not supported by the trainer yet", nameof(task)),
        };
        return (artifact, stats);
    }

    private static byte[] TrainBinary(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics)
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
        IEstimator<ITransformer> trainer = options.Trainer switch
        {
            TrainerKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = FastTreeThreads,
            }),
            TrainerKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
                Seed = options.Seed,
            }),
            TrainerKind.LbfgsLogisticRegression => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                NumberOfThreads = 1,
            }),
            TrainerKind.Sdca => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                NumberOfThreads = 1,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };

        var model = trainer.Fit(train);
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

    private static byte[] TrainRegression(MLContext ml, TrainingSet set, int trainCount, Normalization normalizer, TrainingOptions options, Dictionary<string, double> metrics)
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
        IEstimator<ITransformer> trainer = options.Trainer switch
        {
            TrainerKind.FastTree => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfTrees = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = FastTreeThreads,
            }),
            TrainerKind.LightGbm => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                NumberOfIterations = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
                Seed = options.Seed,
            }),
            TrainerKind.Sdca => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 }),
            _ => throw new ArgumentException($"trainer {options.Trainer} does not train regression models; use FastTree, LightGbm or Sdca", nameof(options)),
        };

        var model = trainer.Fit(train);
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
