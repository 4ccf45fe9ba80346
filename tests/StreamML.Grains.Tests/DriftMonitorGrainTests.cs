using StreamML.GrainInterfaces;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

/// <summary>The drift monitor grain on a real cluster, fed samples as the silos' aggregators send them.</summary>
[Trait("Category", "Functional")]
public sealed class DriftMonitorGrainTests
{
    private static float[] Normal(Random rng, int n, double mean) =>
        [.. Enumerable.Range(0, n).Select(_ => (float)(mean + (Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))))];

    private static DriftSample Sample(Random rng, double shift, int version = 1, string[]? segments = null) => new()
    {
        Version = version,
        Features = ["power", "load"],
        Values = [Normal(rng, 500, shift), Normal(rng, 500, 0)],
        Scores = Normal(rng, 500, 0),
        Events = 500,
        Segments = segments ?? [],
    };

    [Fact]
    public async Task Report_ShiftedFeature_OneDataDetectionWithItsFigures()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Drift.Monitor.Cooldown = TimeSpan.FromHours(1);
        });
        var monitor = platform.Grains.GetGrain<IDriftMonitorGrain>("meters/all");
        var rng = new Random(11);

        for (var i = 0; i < 12; i++)
        {
            await monitor.ReportAsync(Sample(rng, 0, segments: ["north"]));
        }

        Assert.Empty(await monitor.GetDetectionsAfterAsync(0));

        for (var i = 0; i < 12; i++)
        {
            await monitor.ReportAsync(Sample(rng, 2));
        }

        var detection = Assert.Single(await monitor.GetDetectionsAfterAsync(0));
        Assert.Equal(1, detection.Sequence);
        Assert.Equal("data", detection.Kind);
        Assert.Equal("power", detection.Signal);
        Assert.Equal("psi", detection.Statistic);
        Assert.Equal("meters", detection.Model);
        Assert.Equal("all", detection.Scope);
        Assert.True(detection.Value >= detection.Threshold);

        var report = await monitor.GetAsync();
        Assert.Equal(24 * 500, report.Events);
        Assert.Equal(["north"], report.Segments);
        Assert.Contains(report.Signals, s => s is { Signal: "power", Drift: true });
        Assert.Contains(report.Signals, s => s is { Signal: "load", Drift: false });
        Assert.Contains(report.Signals, s => s is { Signal: "score", Kind: "prediction" });
        Assert.Empty(await monitor.GetDetectionsAfterAsync(1));
    }

    [Fact]
    public async Task Report_CanaryBesideChampion_EachVersionKeepsItsOwnReferenceAndErrors()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Drift.Monitor.Cooldown = TimeSpan.FromHours(1);
        });
        var monitor = platform.Grains.GetGrain<IDriftMonitorGrain>("meters/all");
        var rng = new Random(13);

        // The champion (v1) and a 5 % canary (v2) report in turn, as the silos' aggregators do during a rollout. Then
        // the champion's traffic shifts while the canary's does not, and the champion's error rate jumps.
        for (var i = 0; i < 24; i++)
        {
            var late = i >= 12;
            var champion = Sample(rng, late ? 2 : 0);
            await monitor.ReportAsync(champion with
            {
                Errors = [.. Enumerable.Range(0, 500).Select(_ => rng.NextDouble() < (late ? 0.6 : 0.1) ? 1f : 0f)],
            });
            var canary = Sample(rng, 0, version: 2);
            await monitor.ReportAsync(canary with
            {
                Values = [.. canary.Values.Select(v => v[..25])],
                Scores = canary.Scores[..25],
                Events = 25,
                Errors = [.. Enumerable.Range(0, 25).Select(_ => rng.NextDouble() < 0.1 ? 1f : 0f)],
            });
        }

        var detections = await monitor.GetDetectionsAfterAsync(0);
        Assert.Contains(detections, d => d is { Version: 1, Kind: "data", Signal: "power" });
        Assert.Contains(detections, d => d is { Version: 1, Kind: "concept" });
        Assert.DoesNotContain(detections, d => d.Version == 2);

        // The report shows the version serving most traffic, with its full reference and window.
        var report = await monitor.GetAsync();
        Assert.Equal(1, report.Version);
        Assert.Contains(report.Signals, s => s is { Signal: "power", Drift: true });
        Assert.True(report.Errors >= 24 * 500 - 500, $"{report.Errors} errors in the champion's stream");
    }

    [Fact]
    public async Task Report_ErrorRateJumps_ConceptDetection()
    {
        await using var platform = await PlatformCluster.StartAsync(s => s.Host.Source = Silo.Hosting.SourceKind.None);
        var monitor = platform.Grains.GetGrain<IDriftMonitorGrain>("meters/all");
        var rng = new Random(12);

        for (var i = 0; i < 8; i++)
        {
            var rate = i < 4 ? 0.1 : 0.6;
            await monitor.ReportAsync(new DriftSample { Version = 1, Errors = [.. Enumerable.Range(0, 500).Select(_ => rng.NextDouble() < rate ? 1f : 0f)] });
        }

        var detection = Assert.Single(await monitor.GetDetectionsAfterAsync(0));
        Assert.Equal("concept", detection.Kind);
        Assert.Equal("ADWIN", detection.Statistic);
        Assert.InRange(detection.Index, 2_000, 2_600);
        Assert.Equal(4_000, (await monitor.GetAsync()).Errors);
    }

    [Fact]
    public async Task Report_Detection_RaisesTheDriftAlertRule()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Alerts.Rules = [new Grains.Options.AlertRuleOptions { Name = "feature-drift", Kind = "drift", Threshold = 1 }];
        });
        var monitor = platform.Grains.GetGrain<IDriftMonitorGrain>("meters/all");
        var rng = new Random(13);
        for (var i = 0; i < 24; i++)
        {
            await monitor.ReportAsync(Sample(rng, i < 12 ? 0 : 2));
        }

        Assert.Single(await monitor.GetDetectionsAfterAsync(0));
        var alerts = await platform.Grains.GetGrain<IAlertGrain>(0).GetAsync();
        var alert = Assert.Single(alerts.Active);
        Assert.Equal("feature-drift", alert.Rule);
        Assert.Equal("meters/all/power", alert.Key);
        Assert.Equal(Core.Alerts.AlertState.Firing, alert.State);
    }

    [Fact]
    public async Task Report_NewVersion_TakesItsTrainingDataAsTheFeatureReference()
    {
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Generator = new Core.Generator.GeneratorOptions { Entities = 300, Partitions = 2, EventsPerSecond = 0, MaxEvents = 6_000, StartTime = start, LabelDelay = TimeSpan.FromSeconds(1) };
            s.Model.BootstrapExamples = 1_000;
            s.Model.Training.Trees = 20;
            s.Drift.Enabled = false; // only this test's samples reach the monitor
        });
        var model = platform.Settings.Schema.Model;
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(model);
        // Once the stream is applied and its labels stored, the bootstrap run has been asked for: its end is version 1.
        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));
        await platform.WhenRetrainingIdleAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(1, (await registry.GetRoutingAsync()).Champion);
        var monitor = platform.Grains.GetGrain<IDriftMonitorGrain>($"{model}/all");

        await monitor.ReportAsync(new DriftSample
        {
            Version = 1,
            Features = ["power", "voltage", "temperature", "load"],
            Values = [[1f], [2f], [3f], [4f]],
            Events = 1,
        });

        var report = await monitor.GetAsync();
        Assert.Equal("training", report.Reference);
        var power = Assert.Single(report.Signals, s => s.Signal == "power");
        Assert.InRange(power.ReferenceCount, 200, 2_000);
        Assert.Equal(1, power.CurrentCount);
    }
}
