using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Testing.Models;

namespace StreamML.Core.Tests.Models;

/// <summary>
/// Continuing a parent's linear weights on the examples that arrived after it. The stream is stationary: a fixed linear
/// concept over eight standard-normal features with 5% label noise, so what the parent learnt still holds and a learner
/// that keeps it should beat one that sees only the few new examples.
/// </summary>
[Trait("Category", "BVT")]
public sealed class WarmStartTests
{
    private const string SchemaHash = "00000000000000bb";
    private const int Width = 8;
    private static readonly float[] Concept = [1.5f, -1f, 0.8f, -0.6f, 0.5f, 0.3f, -0.2f, 0.1f];

    /// <summary>Rows at times <paramref name="from"/>.. in order; binary label sign(w·x) with 5% flips, or the regression target w·x + 0.1·noise.</summary>
    private static void Append(TrainingSet set, int count, int from, int seed, bool regression)
    {
        var random = new Random(seed);
        var row = new float[Width];
        for (var i = 0; i < count; i++)
        {
            var dot = 0.0;
            for (var c = 0; c < Width; c++)
            {
                row[c] = (float)Gaussian(random);
                dot += row[c] * Concept[c];
            }

            float label = regression
                ? (float)(dot + (0.1 * Gaussian(random)))
                : (dot > 0) ^ (random.NextDouble() < 0.05) ? 1f : 0f;
            set.Add(row, label, from + i);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static ModelVersionInfo Info(TrainedModel trained, ModelTask task, TrainerKind trainer) =>
        TestModels.Describe(trained, "m", SchemaHash, task, Enumerable.Range(0, Width).Select(i => $"x{i}"), trainer: trainer, withFigures: true);

    [Theory]
    [InlineData(TrainerKind.AveragedPerceptron, ModelTask.BinaryClassification, "accuracy")]
    [InlineData(TrainerKind.OnlineGradientDescent, ModelTask.Regression, "mae")]
    public void Train_WarmFromParent_BeatsScratchOnTheSameFewExamples(TrainerKind kind, ModelTask task, string metric)
    {
        var regression = task == ModelTask.Regression;
        var full = new TrainingSet(Width);
        Append(full, 2_000, from: 0, seed: 1, regression);
        var parentSet = new TrainingSet(Width);
        for (var i = 0; i < full.Count; i++)
        {
            parentSet.Add(full.Rows[i], full.Labels[i], full.Times[i]);
        }

        var parent = ModelTrainer.Train(parentSet, task, new TrainingOptions { Trainer = kind });

        // 250 new examples: the learner fits on the oldest 50 and is judged on the newest 200.
        Append(full, 250, from: 2_000, seed: 2, regression);
        var fresh = new TrainingSet(Width);
        Append(fresh, 250, from: 2_000, seed: 2, regression);
        var options = new TrainingOptions { Trainer = kind, HoldoutFraction = 0.8 };
        var warm = ModelTrainer.Train(full, task, options, new WarmStart(kind, parent.Artifact, parent.Normalization, parent.TrainingEnd));
        var scratch = ModelTrainer.Train(fresh, task, options);

        Assert.Null(warm.WarmStartRefusal);
        Assert.Equal(1, warm.Metrics["warm_start"]);
        Assert.Equal(250, warm.TrainingExamples);
        Assert.Equal(2_000, warm.TrainingStart);
        Assert.Equal(2_050, warm.HoldoutStart);
        Assert.Equal(200, warm.Metrics["holdout_examples"]);
        Assert.Equal(200, scratch.Metrics["holdout_examples"]);
        Assert.Same(parent.Normalization, warm.Normalization);
        var better = regression ? warm.Metrics[metric] < scratch.Metrics[metric] : warm.Metrics[metric] > scratch.Metrics[metric];
        Assert.True(better, $"{metric}: warm {warm.Metrics[metric]:0.####}, scratch {scratch.Metrics[metric]:0.####}");

        // The continued model learnt from the new rows: it does not score as its parent does.
        var before = ScoringModel.Load(Info(parent, task, kind), parent.Artifact, SchemaHash);
        var after = ScoringModel.Load(Info(warm, task, kind), warm.Artifact, SchemaHash);
        var largest = Enumerable.Range(2_000, 50).Max(i => Math.Abs(before.Score(full.Rows[i]).Score - after.Score(full.Rows[i]).Score));
        Assert.True(largest > 1e-3, $"largest score change {largest}");
    }

    [Fact]
    public void Train_ParentOfAnotherKind_TrainsFromScratch()
    {
        var set = new TrainingSet(Width);
        Append(set, 600, from: 0, seed: 3, regression: false);
        var parent = ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions { Trainer = TrainerKind.FastTree, Trees = 10 });
        Append(set, 100, from: 600, seed: 4, regression: false);

        var trained = ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions { Trainer = TrainerKind.AveragedPerceptron },
            new WarmStart(TrainerKind.FastTree, parent.Artifact, parent.Normalization, parent.TrainingEnd));

        Assert.Equal(0, trained.Metrics["warm_start"]);
        Assert.Contains("FastTree", trained.WarmStartRefusal, StringComparison.Ordinal);
        Assert.Equal(700, trained.TrainingExamples);
        Assert.Equal(0, trained.TrainingStart);
        Assert.NotSame(parent.Normalization, trained.Normalization);
    }

    [Fact]
    public void Train_ParentClaimingTheKindButHoldingTrees_TrainsFromScratch()
    {
        var set = new TrainingSet(Width);
        Append(set, 600, from: 0, seed: 5, regression: false);
        var trees = ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions { Trainer = TrainerKind.FastTree, Trees = 10 });
        Append(set, 100, from: 600, seed: 6, regression: false);

        var trained = ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions { Trainer = TrainerKind.AveragedPerceptron },
            new WarmStart(TrainerKind.AveragedPerceptron, trees.Artifact, trees.Normalization, trees.TrainingEnd));

        Assert.Equal(0, trained.Metrics["warm_start"]);
        Assert.Contains("no linear", trained.WarmStartRefusal, StringComparison.Ordinal);
        Assert.Equal(700, trained.TrainingExamples);
    }

    [Fact]
    public void Train_ParentOfAnotherWidth_TrainsFromScratch()
    {
        var narrow = ModelLifecycleTests.Separable(500);
        var parent = ModelTrainer.Train(narrow, ModelTask.BinaryClassification, new TrainingOptions { Trainer = TrainerKind.AveragedPerceptron });
        var set = new TrainingSet(Width);
        Append(set, 300, from: 0, seed: 7, regression: false);

        var trained = ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions { Trainer = TrainerKind.AveragedPerceptron },
            new WarmStart(TrainerKind.AveragedPerceptron, parent.Artifact, parent.Normalization, TrainingEndTicks: -1));

        Assert.Equal(0, trained.Metrics["warm_start"]);
        Assert.Contains("columns", trained.WarmStartRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_LbfgsFromParent_ContinuesAndStillSeparates()
    {
        var set = new TrainingSet(Width);
        Append(set, 1_000, from: 0, seed: 8, regression: false);
        var options = new TrainingOptions { Trainer = TrainerKind.LbfgsLogisticRegression };
        var parent = ModelTrainer.Train(set, ModelTask.BinaryClassification, options);
        Append(set, 300, from: 1_000, seed: 9, regression: false);

        var trained = ModelTrainer.Train(set, ModelTask.BinaryClassification, options, new WarmStart(TrainerKind.LbfgsLogisticRegression, parent.Artifact, parent.Normalization, parent.TrainingEnd));

        Assert.Null(trained.WarmStartRefusal);
        Assert.Equal(1, trained.Metrics["warm_start"]);
        Assert.Equal(300, trained.TrainingExamples);
        Assert.True(trained.Metrics["accuracy"] > 0.85, $"accuracy {trained.Metrics["accuracy"]}");
    }

    [Fact]
    public void Train_OnlineGradientDescent_FitsALinearTarget()
    {
        var set = new TrainingSet(Width);
        Append(set, 1_000, from: 0, seed: 10, regression: true);

        var trained = ModelTrainer.Train(set, ModelTask.Regression, new TrainingOptions { Trainer = TrainerKind.OnlineGradientDescent });

        // The target's own noise has a standard deviation of 0.1; a linear fit should come near that.
        Assert.True(trained.Metrics["rmse"] < 0.3, $"rmse {trained.Metrics["rmse"]}");
        Assert.False(trained.Metrics.ContainsKey("warm_start"));
    }
}
