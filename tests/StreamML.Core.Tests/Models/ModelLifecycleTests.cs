using System.Security.Cryptography;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Testing.Models;

namespace StreamML.Core.Tests.Models;

[Trait("Category", "BVT")]
public sealed class ModelLifecycleTests : IDisposable
{
    private const string SchemaHash = "00000000000000aa";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streamml-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Label is 1 when x0 + x1 > 1 (with 5% label noise); x2 is noise.</summary>
    internal static TrainingSet Separable(int n, int seed = 7)
    {
        var random = new Random(seed);
        var set = new TrainingSet(3);
        for (var i = 0; i < n; i++)
        {
            var x0 = (float)random.NextDouble();
            var x1 = (float)random.NextDouble();
            var x2 = (float)random.NextDouble() * 100;
            var label = x0 + x1 > 1 ? 1f : 0f;
            if (random.NextDouble() < 0.05)
            {
                label = 1 - label;
            }

            set.Add([x0, x1, x2], label, i);
        }

        return set;
    }

    private static ModelVersionInfo Info(TrainedModel trained, int version = 1, string schemaHash = SchemaHash) =>
        TestModels.Describe(trained, "m", schemaHash, ModelTask.BinaryClassification, ["x0", "x1", "x2"], version, withFigures: true);

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.LbfgsLogisticRegression)]
    [InlineData(TrainerKind.Sdca)]
    [InlineData(TrainerKind.AveragedPerceptron)]
    public void Train_SeparableData_LearnsTheBoundary(TrainerKind kind)
    {
        var trained = ModelTrainer.Train(Separable(2_000), ModelTask.BinaryClassification, new TrainingOptions { Trainer = kind, Trees = 50 });

        // Evaluated on the newest 400 rows after a fit on the first 1,600, then refitted on all 2,000.
        Assert.Equal(2_000, trained.TrainingExamples);
        Assert.Equal(1_600, trained.HoldoutStart);
        Assert.True(trained.Metrics["auc"] > 0.9, $"auc {trained.Metrics["auc"]}");
        Assert.True(trained.Metrics["accuracy"] > 0.85, $"accuracy {trained.Metrics["accuracy"]}");
        Assert.Equal(400, trained.Metrics["holdout_examples"]);
    }

    [Fact]
    public void Train_WithoutRefit_ServesTheModelTheFiguresDescribe()
    {
        var set = Separable(2_000);
        var options = new TrainingOptions { Trees = 20, RefitOnAll = false };
        var trained = ModelTrainer.Train(set, ModelTask.BinaryClassification, options);

        Assert.Equal(1_600, trained.TrainingExamples);

        // Without a refit, the held-out figures are exactly what the returned model scores on those rows.
        var model = ScoringModel.Load(Info(trained), trained.Artifact, SchemaHash);
        var figures = HoldoutEvaluation.Evaluate(model, set, trained.HoldoutStart, ModelTask.BinaryClassification);
        Assert.Equal(400, figures.Count);
        Assert.Equal(trained.Metrics["accuracy"], figures.Accuracy, 6);
        Assert.Equal(trained.Metrics["log_loss"], figures.LogLoss, 4);

        // Held-out scoring is not serving: it stays out of the latency the rollout guard compares; a served call counts.
        Assert.Equal(0, model.Latency.Count);
        model.Score(set.Rows[0]);
        Assert.Equal(1, model.Latency.Count);
    }

    [Fact]
    public void HoldoutEvaluation_OtherWidth_IsRefused()
    {
        var trained = ModelTrainer.Train(Separable(500), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
        var model = ScoringModel.Load(Info(trained), trained.Artifact, SchemaHash);
        var wider = new TrainingSet(model.Width + 1);
        wider.Add(new float[model.Width + 1], 1, 0);

        Assert.Throws<ArgumentException>(() => HoldoutEvaluation.Evaluate(model, wider, 0, ModelTask.BinaryClassification));
    }

    [Fact]
    public void Train_OneClass_IsRefused()
    {
        var set = new TrainingSet(1);
        for (var i = 0; i < 50; i++)
        {
            set.Add([i], 1f, i);
        }

        var ex = Assert.Throws<ArgumentException>(() => ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions()));
        Assert.Contains("one class only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Regression_FitsALinearTarget()
    {
        var random = new Random(3);
        var set = new TrainingSet(2);
        for (var i = 0; i < 1_000; i++)
        {
            var a = (float)random.NextDouble();
            var b = (float)random.NextDouble();
            set.Add([a, b], (3 * a) - b, i);
        }

        var trained = ModelTrainer.Train(set, ModelTask.Regression, new TrainingOptions { Trainer = TrainerKind.FastTree });
        Assert.True(trained.Metrics["rmse"] < 0.2, $"rmse {trained.Metrics["rmse"]}");
    }

    [Fact]
    public async Task SaveLoadScore_RoundTripsThroughTheFileStore()
    {
        var trained = ModelTrainer.Train(Separable(1_000), ModelTask.BinaryClassification, new TrainingOptions { Trees = 20 });
        var store = new FileModelStore(_root);
        await store.SaveAsync(Info(trained), trained.Artifact);

        var versions = await store.ListVersionsAsync("m");
        var info = Assert.Single(versions);
        Assert.Equal(["m"], await store.ListModelsAsync());
        var model = ScoringModel.Load(info, await store.ReadArtifactAsync("m", 1), SchemaHash);

        var high = model.Score([0.95f, 0.9f, 50f]);
        var low = model.Score([0.05f, 0.1f, 50f]);
        Assert.True(high.Probability > 0.8f, $"p(high) {high.Probability}");
        Assert.True(low.Probability < 0.2f, $"p(low) {low.Probability}");
        Assert.True(high.Score > low.Score);

        await store.UpdateStatusAsync("m", 1, ModelStatus.Champion);
        Assert.Equal(ModelStatus.Champion, (await store.ListVersionsAsync("m"))[0].Status);
    }

    [Fact]
    public async Task Save_ExistingVersion_IsRefused()
    {
        var trained = ModelTrainer.Train(Separable(500), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
        var store = new FileModelStore(_root);
        await store.SaveAsync(Info(trained), trained.Artifact);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.SaveAsync(Info(trained), trained.Artifact));
        Assert.Contains("immutable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptArtifact_IsRefusedAsCorrupt()
    {
        var trained = ModelTrainer.Train(Separable(500), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
        var bytes = trained.Artifact.ToArray();
        bytes[bytes.Length / 2] ^= 0xFF;

        var ex = Assert.Throws<ModelRejectedException>(() => ScoringModel.Load(Info(trained), bytes, SchemaHash));
        Assert.Contains("is corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherSchema_IsRefusedNamingBothHashes()
    {
        var trained = ModelTrainer.Train(Separable(500), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
        var ex = Assert.Throws<ModelRejectedException>(() => ScoringModel.Load(Info(trained, schemaHash: "1111111111111111"), trained.Artifact, SchemaHash));
        Assert.Contains("1111111111111111", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SchemaHash, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAModel_IsRefused()
    {
        var garbage = "this is not a zip"u8.ToArray();
        var trained = ModelTrainer.Train(Separable(500), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
        var info = Info(trained) with { ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(garbage)) };
        var ex = Assert.Throws<ModelRejectedException>(() => ScoringModel.Load(info, garbage, SchemaHash));
        Assert.Contains("not a loadable ML.NET model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scorer_WrongWidth_IsRefused()
    {
        var trained = ModelTrainer.Train(Separable(500), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
        var model = ScoringModel.Load(Info(trained), trained.Artifact, SchemaHash);
        Assert.Throws<ArgumentException>(() => model.Score([1f, 2f]));
    }
}
