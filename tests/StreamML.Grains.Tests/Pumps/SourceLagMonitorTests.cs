using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StreamML.Core.Sources;
using StreamML.Grains.Pumps;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>The lag monitor: the stored checkpoint of each pumped partition against the source's end of log, as a gauge.</summary>
[Trait("Category", "BVT")]
public sealed class SourceLagMonitorTests : IDisposable
{
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task MeasureAsync_PumpedPartitions_LagFromTheirStoredCheckpointsOnTheGauge()
    {
        var checkpoints = new InMemoryCheckpointStore();
        await checkpoints.WriteAsync("logs", 1, 40, null, Ct);
        var source = new LogEnds("logs", new Dictionary<int, long> { [0] = 25, [1] = 100, [2] = 7 });
        var monitor = new SourceLagMonitor(() => [0, 1], source, checkpoints, _metrics.GetRequiredService<IMeterFactory>(), TimeProvider.System, NullLogger<SourceLagMonitor>.Instance);

        await monitor.MeasureAsync(Ct);
        var gauge = Observe();

        Assert.Equal(new Dictionary<int, long> { [0] = 25, [1] = 59 }, monitor.Lag);
        Assert.Equal(84, monitor.Total);
        Assert.Null(monitor.LagOf(2));
        Assert.Equal([("logs", 0, 25L), ("logs", 1, 59L)], gauge.Order());
    }

    [Fact]
    public async Task MeasureAsync_SourceUnreachable_LeavesThePartitionWithoutAFigure()
    {
        var source = new LogEnds("logs", new Dictionary<int, long> { [0] = 25, [1] = 10 }) { Failing = 1 };
        var monitor = new SourceLagMonitor(() => [0, 1], source, new InMemoryCheckpointStore(), _metrics.GetRequiredService<IMeterFactory>(), TimeProvider.System, NullLogger<SourceLagMonitor>.Instance);

        await monitor.MeasureAsync(Ct);

        Assert.Equal(25, monitor.LagOf(0));
        Assert.Null(monitor.LagOf(1));
    }

    private List<(string Source, int Partition, long Lag)> Observe()
    {
        var seen = new List<(string, int, long)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == StreamMLDiagnostics.SourceLag)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(k => k.Key, k => k.Value);
            seen.Add(((string)t["source"]!, (int)t["partition"]!, value));
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    /// <summary>A log whose partitions hold the given numbers of events, at offsets from 0.</summary>
    private sealed class LogEnds(string name, Dictionary<int, long> ends) : IEventSource, ILagSource
    {
        public int? Failing { get; init; }

        public string Name => name;

        public ValueTask<long?> GetLagAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default) =>
            partition == Failing
                ? throw new SourceUnavailableException("down")
                : ValueTask.FromResult<long?>(ends[partition] - (checkpoint.Offset + 1 ?? 0));

        public ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<int>>([.. ends.Keys]);

        public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
