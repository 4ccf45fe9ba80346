using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Services;
using StreamML.Storage;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

/// <summary>
/// With a warm-startable learner and a retraining schedule every N labelled examples, each scheduled run continues the
/// champion on the examples that arrived after it, so the model is published as a new version at that cadence.
/// </summary>
[Trait("Category", "Functional")]
public sealed class OnlineLearningTests
{
    private const int Batch = 300;
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddHours(-3);

    [Fact]
    public async Task Retraining_AveragedPerceptronOnSchedule_ContinuesTheChampion()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Host.GrainStorage = GrainStorageProvider.Memory;
            s.Model.Training.Trainer = TrainerKind.AveragedPerceptron;
            s.Model.BootstrapExamples = Batch;
            s.Model.RetrainEveryExamples = Batch;
            s.Model.MinNewExamples = 200;
            s.Model.TrainingWindow = 2 * Batch;
            s.Model.Rollout.AutoRollout = AutoRolloutMode.None;
        });
        var context = platform.AllSilos<PlatformContext>().First();
        var model = context.ModelName;
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(model);
        var examples = platform.Grains.GetGrain<ILabelledExampleGrain>(model);
        var retraining = platform.Grains.GetGrain<IRetrainingGrain>(model);
        var random = new Random(11);
        var next = 0;

        async Task<RetrainingStatus> AppendBatchAndWaitAsync()
        {
            var batch = Enumerable.Range(0, Batch).Select(_ =>
            {
                var row = Enumerable.Range(0, context.Plan.VectorLength).Select(_ => (float)random.NextDouble()).ToArray();
                return new LabelledExample { Features = row, Label = row[0] > 0.5f ? 1 : 0, EventTicks = Start.AddSeconds(next++).UtcTicks, ModelVersion = 1 };
            }).ToArray();
            await examples.AppendAsync(batch);
            return await retraining.WaitAsync();
        }

        // The first batch bootstraps version 1 from scratch; it is the first champion.
        var first = await AppendBatchAndWaitAsync();
        Assert.True(first.Completed == 1, first.LastError ?? first.LastOutcome);
        Assert.Equal(1, (await registry.GetRoutingAsync()).Champion);

        // The next batch is a scheduled run that continues version 1 on the 300 examples after it.
        var second = await AppendBatchAndWaitAsync();
        Assert.True(second.Completed == 2, second.LastError ?? second.LastOutcome);
        Assert.Equal(2, second.LastVersion);
        Assert.Equal(1, second.Triggers["schedule"]);

        var versions = await registry.GetVersionsAsync();
        var v1 = versions.Single(v => v.Version == 1);
        var v2 = versions.Single(v => v.Version == 2);
        Assert.Equal(nameof(TrainerKind.AveragedPerceptron), v1.Trainer);
        Assert.False(v1.Metrics.ContainsKey("warm_start"));
        Assert.Equal(1, v2.ParentVersion);
        Assert.Equal(1, v2.Metrics["warm_start"]);
        Assert.StartsWith("schedule", v2.Reason, StringComparison.Ordinal);
        Assert.Equal(Batch, v2.TrainingExamples);
        Assert.True(v2.TrainingStart > v1.TrainingEnd, $"v2 starts at {v2.TrainingStart}, v1 ended at {v1.TrainingEnd}");
        Assert.Equal(v1.Normalization, v2.Normalization);
        Assert.NotEqual(v1.ArtifactSha256, v2.ArtifactSha256);
        Assert.True(v2.Metrics["accuracy"] > 0.8, $"accuracy {v2.Metrics["accuracy"]}");
    }
}
