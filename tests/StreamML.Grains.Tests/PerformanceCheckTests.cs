using StreamML.Core.Events;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Services;
using StreamML.Silo.Hosting;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

/// <summary>
/// A version that is wrong from its first prediction: version 1 learns y = (x &gt; 0), and by the time it serves the
/// stream has become y = (x &lt; 0). Its error stream is high but steady, so the change detector on it has nothing to
/// find, and the inputs and scores do not move either (the distribution monitors are set aside so chance cannot stand in
/// for them); only the comparison with its held-out figures sees it.
/// </summary>
[Trait("Category", "Functional")]
public sealed class PerformanceCheckTests
{
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddHours(-2);

    [Theory]
    [InlineData(0.1, true)]
    [InlineData(0.0, false)]
    public async Task VersionWrongFromTheStart_IsReportedAndRetrainedOnlyByThePerformanceCheck(double margin, bool retrained)
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = SourceKind.None;
            s.Schema = new FeatureSchema
            {
                Model = "flip",
                MaxEventAge = null,
                Features = { new FeatureDefinition { Name = "x" }, new FeatureDefinition { Name = "noise" } },
            };
            s.Model.BootstrapExamples = 300;
            s.Model.Training.Trees = 20;
            s.Model.Rollout.AutoRollout = AutoRolloutMode.None;
            s.Drift.Monitor.PerformanceMargin = margin;

            // The inputs and scores do not move here; PSI on a few hundred values can still cross 0.1 by chance now and
            // then, and the question is what watches the errors, so the distribution monitors stay out of it.
            s.Drift.Monitor.PsiThreshold = 10;
            s.Drift.Monitor.MinimumCurrent = 300;

            // Every drift report is the test's, so the run the shortfall asks for has been requested when the rows are sent.
            s.Drift.ReportInterval = TimeSpan.FromHours(1);
        });
        var groups = platform.Settings.Entity.Groups;
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>("flip");
        var retraining = platform.Grains.GetGrain<IRetrainingGrain>("flip");
        var random = new Random(4);
        var row = 0;

        async Task SendAsync(int count, bool flipped)
        {
            for (var n = 0; n < count; n++, row++)
            {
                var x = (random.NextDouble() * 2) - 1;
                var entity = $"e-{row % 10}";
                var time = Start.AddSeconds(row).UtcTicks;
                var e = new StreamEvent($"r-{row}", entity, time, [(float)x, (float)random.NextDouble()]);
                Assert.Single(await platform.Grains.For(entity, groups).ScoreAsync([EventEnvelope.NotFromLog(e)]));
                await platform.Grains.For(entity, groups).OnLabelsAsync([LabelEnvelope.NotFromLog(new LabelEvent(e.Id, entity, (x > 0) ^ flipped ? 1 : 0, time))]);
                if ((row + 1) % 100 == 0)
                {
                    await platform.FlushSinksAsync();
                    await platform.ReportDriftAsync();
                }
            }
        }

        await SendAsync(400, flipped: false);
        // The examples are stored, so bootstrap has been asked for: its run's end is version 1.
        await platform.WhenRetrainingIdleAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await registry.GetRoutingAsync()).Champion);
        Assert.All(platform.AllSilos<ModelRouter>(), r => Assert.Equal(1, r.Current.Champion?.Info.Version));
        Assert.True((await registry.GetVersionsAsync())[0].Metrics["accuracy"] > 0.95);

        // 1,200 rows of the flipped concept: version 1 is wrong on nearly all of them from the first.
        await SendAsync(1_200, flipped: true);
        var monitor = platform.Grains.GetGrain<IDriftMonitorGrain>($"flip/{DriftScopes.All}");
        var report = await monitor.GetAsync();
        Assert.True(report.Errors >= 1_000, $"{report.Errors} errors seen by the monitor");
        Assert.DoesNotContain(report.Detections, d => d.Kind == "concept" && d.Version == 1);

        if (!retrained)
        {
            Assert.DoesNotContain(report.Detections, d => d.Kind == "performance");
            Assert.Equal(0, (await retraining.GetStatusAsync()).Triggers.GetValueOrDefault("performance"));
            Assert.Single(await registry.GetVersionsAsync());
            return;
        }

        var shortfall = Assert.Single(report.Detections, d => d.Kind == "performance");
        Assert.Equal(1, shortfall.Version);
        Assert.True(shortfall.Value > 0.9, $"live error {shortfall.Value}");
        Assert.True(shortfall.Threshold < 0.05, $"held-out error {shortfall.Threshold}");

        await platform.WhenRetrainingIdleAsync(TimeSpan.FromMinutes(2));
        Assert.True((await registry.GetVersionsAsync()).Length >= 2, "no version trained after the shortfall");
        var status = await retraining.GetStatusAsync();
        Assert.Equal(1, status.Triggers.GetValueOrDefault("performance"));
        var v2 = (await registry.GetVersionsAsync()).Single(v => v.Version == 2);
        Assert.StartsWith("performance", v2.Reason, StringComparison.Ordinal);
        Assert.True(v2.Metrics["accuracy"] > 0.9, $"version 2's held-out accuracy {v2.Metrics["accuracy"]}");
    }
}
