using StreamML.Core.Events;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;
using StreamML.Grains.Tests.Infrastructure;
using StreamML.Silo.Hosting;

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
                Assert.Single(await platform.Grains.For(e.Entity, groups).ScoreAsync([e]));
                Assert.Equal(1, (await platform.Grains.For(e.Entity, groups).OnLabelsAsync([label])).Matched);
            }

            await platform.FlushSinksAsync();
        }

        await SendAsync(400);
        await PlatformCluster.WaitUntilAsync(async () => (await registry.GetRoutingAsync()).Champion == 1, TimeSpan.FromMinutes(2), "version 1 to become champion");
        await PlatformCluster.WaitUntilAsync(() => Task.FromResult(platform.AllSilos<ModelRouter>().All(r => r.Current.Champion?.Info.Version == 1)), TimeSpan.FromSeconds(10), "the router to serve version 1");
        var v1 = Assert.Single(await registry.GetVersionsAsync());
        Assert.Equal(ModelTask.MulticlassClassification, v1.Task);
        Assert.Contains("log_loss", v1.Metrics.Keys);

        var probe = new StreamEvent("probe", "probe-entity", Start.AddSeconds(row).UtcTicks, [1.2f, 0.5f]);
        var prediction = Assert.Single(await platform.Grains.For(probe.Entity, groups).ScoreAsync([probe]));
        Assert.Equal(1, prediction.ModelVersion);
        Assert.Equal(4f, prediction.Score);
        Assert.InRange(prediction.Probability, 1f / 3, 1f);

        await SendAsync(400);
        var rollout = platform.Grains.GetGrain<IRolloutGrain>("bands");
        Dictionary<string, double>? live = null;
        await PlatformCluster.WaitUntilAsync(async () =>
        {
            await Task.WhenAll(platform.AllSilos<MetricsAggregator>().Select(m => m.FlushAsync()));
            var status = await rollout.GetStatusAsync();
            live = status.Versions.TryGetValue(1, out var figures) ? new Dictionary<string, double>(figures) : null;
            return live is not null && live.GetValueOrDefault("count") >= 400;
        }, TimeSpan.FromSeconds(30), "version 1's live figures over the second 400 labels");

        // Three separable bands: the served class is nearly always right, and the observed class's probability high.
        Assert.True(live!["accuracy"] > 0.9, $"live accuracy {live["accuracy"]}");
        Assert.True(live["log_loss"] is > 0 and < 0.5, $"live log loss {live["log_loss"]}");
        Assert.True(live["auc"] > 0.95, $"live one-versus-rest AUC {live["auc"]}");
    }
}
