using StreamML.Core.Generator;
using StreamML.GrainInterfaces;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

[Trait("Category", "Functional")]
public sealed class EndToEndTests
{
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddMinutes(-30);

    [Fact]
    public async Task Generator_NEvents_ProduceExactlyNPredictions()
    {
        const int events = 20_000;
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Generator = new GeneratorOptions { Entities = 300, Partitions = 4, EventsPerSecond = 0, MaxEvents = events, StartTime = Start };
        }, silos: 2);

        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(events, platform.Predictions.Count);
        Assert.Equal(events, platform.Predictions.ByEvent.Count);
        Assert.All(platform.Predictions.ByEvent.Values, n => Assert.Equal(1, n));
        var deadLetters = await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 10);
        Assert.Equal(0, deadLetters.Total);
    }

    [Fact]
    public async Task Restart_MidStream_EveryEventIsAppliedExactlyOnce()
    {
        const int events = 100_000;

        // Paced at 10,000 events/s, so the first cluster is stopped mid-stream rather than after the end.
        var options = new GeneratorOptions { Entities = 200, Partitions = 4, EventsPerSecond = 10_000, MaxEvents = events, StartTime = Start };
        var reference = await ReferenceCountsAsync(options);
        var recorder = new PredictionRecorder();
        var data = Path.Combine(Path.GetTempPath(), "streamml-restart-" + Guid.NewGuid().ToString("N"));
        await using (var first = await PlatformCluster.StartAsync(s => s.Generator = options, dataDirectory: data, recorder: recorder))
        {
            await recorder.WaitForCountAsync(events / 2, TimeSpan.FromMinutes(2));

            // Stop before the stream ends: pumps drain, flush the entities they touched and checkpoint.
            await first.Cluster.StopAllSilosAsync();
        }

        Assert.InRange(recorder.Count, events / 2, events - 1);
        await using var second = await PlatformCluster.StartAsync(s => s.Generator = options, dataDirectory: data, recorder: recorder);
        await second.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        // Replayed events are skipped by their entities: one prediction per event across both runs.
        Assert.Equal(events, recorder.Count);
        Assert.All(recorder.ByEvent.Values, n => Assert.Equal(1, n));
        foreach (var (entity, count) in reference.Take(25))
        {
            var snapshot = await second.Grains.For(entity, second.Settings.Entity.Groups).GetAsync(entity);
            Assert.Equal(count, snapshot.Events);
        }

        Directory.Delete(data, recursive: true);
    }

    internal static async Task<Dictionary<string, long>> ReferenceCountsAsync(GeneratorOptions options)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var record in GeneratorRecords.ReadAllAsync(options))
        {
            if (record.Event is { } e)
            {
                counts[e.Entity] = counts.GetValueOrDefault(e.Entity) + 1;
            }
        }

        return counts;
    }
}
