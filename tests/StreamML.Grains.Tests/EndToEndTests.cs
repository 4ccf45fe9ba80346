using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StreamML.Core.Generator;
using StreamML.Core.Sources;
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
        var options = new GeneratorOptions { Entities = 200, Partitions = 4, EventsPerSecond = 0, MaxEvents = events, StartTime = Start };
        var reference = await ReferenceCountsAsync(options);
        var recorder = new PredictionRecorder();
        var data = Path.Combine(Path.GetTempPath(), "streamml-restart-" + Guid.NewGuid().ToString("N"));

        // The first cluster's source hands out half the stream and then waits, so it is stopped mid-stream whatever the
        // machine's speed.
        var paused = new PausedSource(new GeneratorSource(options, TimeProvider.System), events / 2);
        await using (var first = await PlatformCluster.StartAsync(
            s => s.Generator = options, dataDirectory: data, recorder: recorder, services: s => s.Replace(ServiceDescriptor.Singleton<IEventSource>(paused))))
        {
            await recorder.WaitForCountAsync(events / 2, TimeSpan.FromMinutes(2));

            // Stop before the stream ends: pumps drain, flush the entities they touched and checkpoint.
            await first.Cluster.StopAllSilosAsync();
        }

        Assert.Equal(events / 2, recorder.Count);
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

    /// <summary>
    /// A source that hands out the records of at most <paramref name="budget"/> events over all its partitions and then
    /// waits until its reader is cancelled: the records read past the budget are never handed out, so no checkpoint
    /// passes them.
    /// </summary>
    private sealed class PausedSource(IEventSource inner, long budget) : IEventSource
    {
        private long _left = budget;

        public string Name => inner.Name;

        public ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default) => inner.GetPartitionsAsync(cancellationToken);

        public async ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default) =>
            new Reader(this, await inner.OpenAsync(partition, afterOffset, cancellationToken));

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        /// <summary>How many of <paramref name="records"/>, from the first, may be handed out.</summary>
        private int Take(ReadOnlySpan<SourceRecord> records)
        {
            var handed = 0;
            while (handed < records.Length && (records[handed].Event is null || Interlocked.Decrement(ref _left) >= 0))
            {
                handed++;
            }

            return handed;
        }

        private sealed class Reader(PausedSource source, IPartitionReader inner) : IPartitionReader
        {
            // Once a record is held back, nothing after it may be handed out either: offsets must stay contiguous.
            private bool _paused;

            public int Partition => inner.Partition;

            public async ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
            {
                var n = _paused ? 0 : await inner.ReadAsync(buffer, cancellationToken);
                var handed = n > 0 ? source.Take(buffer.Span[..n]) : n;
                _paused |= handed < n;
                if (_paused && handed == 0)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return handed;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
