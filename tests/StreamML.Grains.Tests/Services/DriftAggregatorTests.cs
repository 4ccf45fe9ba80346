using StreamML.Core.Events;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests.Services;

/// <summary>The silo's drift aggregator: its scopes stay bounded however many segments producers send.</summary>
[Trait("Category", "Functional")]
public sealed class DriftAggregatorTests
{
    [Fact]
    public async Task Observe_MoreSegmentsThanTheLimit_LaterOnesAreMonitoredTogetherAsOther()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Schema.MaxSegments = 100;
        });
        var aggregator = Assert.Single(platform.AllSilos<DriftAggregator>());
        var model = platform.Settings.Schema.Model;
        var features = platform.Settings.Schema.Features.Count;

        // Three rounds of 1,000 distinct segments, reported after each: the later rounds must not add scopes.
        for (var round = 0; round < 3; round++)
        {
            for (var s = 0; s < 1_000; s++)
            {
                var segment = $"seg-{s}";
                var e = new StreamEvent($"{round}-{s}", "entity", 0, new float[features], segment);
                aggregator.Observe(e, new Prediction { EventId = e.Id, Entity = e.Entity, Model = model, ModelVersion = 1, Route = PredictionRoute.Champion, Probability = 0.5f, Segment = segment });
            }

            await aggregator.ReportAsync();
        }

        var all = await platform.Grains.GetGrain<IDriftMonitorGrain>($"{model}/{DriftScopes.All}").GetAsync();
        Assert.Equal(101, all.Segments.Length);
        Assert.Contains(DriftScopes.Other, all.Segments);
        Assert.Contains("seg-0", all.Segments);
        Assert.Contains("seg-99", all.Segments);
        Assert.DoesNotContain("seg-100", all.Segments);
        Assert.Equal(3_000, all.Events);

        var other = await platform.Grains.GetGrain<IDriftMonitorGrain>($"{model}/{DriftScopes.Other}").GetAsync();
        Assert.Equal(3 * 900, other.Events);
        Assert.Equal(3, (await platform.Grains.GetGrain<IDriftMonitorGrain>($"{model}/seg-7").GetAsync()).Events);

        var statistics = await platform.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var monitors = statistics.Where(s => s.GrainType.Contains("DriftMonitorGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        Assert.Equal(102, monitors);
    }
}
