using StreamML.Core.Events;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;
using StreamML.Silo.Hosting;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

/// <summary>
/// A multiclass model through the grains: bootstrapped from labels, serving class indices, and its live figures carrying
/// accuracy, the log loss of the observed classes and the one-versus-rest AUC (every class's probability scored again,
/// when each label arrives, by the version that served).
/// </summary>
[Trait("Category", "Functional")]
public sealed class MulticlassTests
{
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddHours(-2);

    /// <summary>Three bands of x labelled 0, 2 and 4 (so class indices are not slot positions), over 20 entities.</summary>
    private static (StreamEvent Event, LabelEvent Label) Row(int i, Random random)
    {
        var x = (random.NextDouble() * 3) - 1.5;
        var label = x < -0.5 ? 0 : x < 0.5 ? 2 : 4;
        var entity = $"e-{i % 20}";
        var time = Start.AddSeconds(i).UtcTicks;
        var id = $"r-{i}";
        return (new StreamEvent(id, entity, time, [(float)x, (float)random.NextDouble()]), new LabelEvent(id, entity, label, time));
    }

    [Fact]
    public async Task Multiclass_LabelledTraffic_TrainsServesAndReportsAccuracyAndLogLoss()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = SourceKind.None;
            s.Schema = new FeatureSchema
            {
                Model = "bands",
                Task = ModelTask.MulticlassClassification,
                MaxEventAge = null,
                Features = { new FeatureDefinition { Name = "x" }, new FeatureDefinition { Name = "noise" } },
            };
            s.Model.BootstrapExamples = 300;
            s.Model.Training.Trees = 20;
        });
        var groups = platform.Settings.Entity.Groups;
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>("bands");
        var random = new Random(3);
        var row = 0;

        async Task SendAsync(int count)
        {
            for (var n = 0; n < count; n++, row++)
            {
                var (e, label) = Row(row, random);
                Assert.Single(await platform.Grains.For(e.Entity, groups).ScoreAsync([EventEnvelope.NotFromLog(e)]));
                Assert.Equal(1, (await platform.Grains.For(e.Entity, groups).OnLabelsAsync([LabelEnvelope.NotFromLog(label)])).Matched);
            }

            await platform.FlushSinksAsync();
        }

        await SendAsync(400);
        // The examples are stored, so bootstrap has been asked for: its run's end is version 1.
        await platform.WhenRetrainingIdleAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await registry.GetRoutingAsync()).Champion);
        Assert.All(platform.AllSilos<ModelRouter>(), r => Assert.Equal(1, r.Current.Champion?.Info.Version));
        var v1 = Assert.Single(await registry.GetVersionsAsync());
        Assert.Equal(ModelTask.MulticlassClassification, v1.Task);
        Assert.Contains("log_loss", v1.Metrics.Keys);

        var probe = new StreamEvent("probe", "probe-entity", Start.AddSeconds(row).UtcTicks, [1.2f, 0.5f]);
        var prediction = Assert.Single(await platform.Grains.For(probe.Entity, groups).ScoreAsync([EventEnvelope.NotFromLog(probe)]));
        Assert.Equal(1, prediction.ModelVersion);
        Assert.Equal(4f, prediction.Score);
        Assert.InRange(prediction.Probability, 1f / 3, 1f);

        await SendAsync(400);
        var rollout = platform.Grains.GetGrain<IRolloutGrain>("bands");
        // The labels were joined in the entity groups, which hand their figures to the silo's aggregator as they go.
        await platform.FlushMetricsAsync();
        var live = Assert.Contains(1, (await rollout.GetStatusAsync()).Versions);
        Assert.True(live.GetValueOrDefault("count") >= 400, $"version 1's live figures over {live.GetValueOrDefault("count")} labels");

        // Three separable bands: the served class is nearly always right, and the observed class's probability high.
        Assert.True(live["accuracy"] > 0.9, $"live accuracy {live["accuracy"]}");
        Assert.True(live["log_loss"] is > 0 and < 0.5, $"live log loss {live["log_loss"]}");
        Assert.True(live["auc"] > 0.95, $"live one-versus-rest AUC {live["auc"]}");
    }
}
