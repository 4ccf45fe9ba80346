using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamML.Grains.Services;
using StreamML.Testing.Infrastructure;

namespace StreamML.Grains.Tests.Services;

/// <summary>
/// A batching sink's flush completes when the delivery loop has delivered (or dropped) what was queued before it; a
/// grain that keeps failing costs the sink its items, counted and logged once per interval, never the host.
/// </summary>
[Trait("Category", "BVT")]
public sealed class BatchingSinkTests : IDisposable
{
    private static readonly ServiceProvider Metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Sink, string Reason), long> _dropped = [];

    public BatchingSinkTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == StreamMLDiagnostics.SinkDropped)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? sink = null, reason = null;
            foreach (var tag in tags)
            {
                sink = tag.Key == "sink" ? (string?)tag.Value : sink;
                reason = tag.Key == "reason" ? (string?)tag.Value : reason;
            }

            lock (_dropped)
            {
                _dropped[(sink!, reason!)] = _dropped.GetValueOrDefault((sink!, reason!)) + value;
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private static PlatformInstruments NewInstruments() => new(Metrics.GetRequiredService<IMeterFactory>());

    private long DroppedOf(string sink, string reason)
    {
        lock (_dropped)
        {
            return _dropped.GetValueOrDefault((sink, reason));
        }
    }

    [Fact]
    public async Task Delivery_GrainKeepsFailing_DropsEachBatchAfterTheRetryLimitCountsItAndKeepsRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var logs = new CapturingLoggerProvider();
        using var sink = new FailingSink("failing-" + Guid.NewGuid().ToString("N"), NewInstruments(), logs.CreateLogger("sink"))
        {
            RetryLimit = TimeSpan.FromMilliseconds(300),
            DropLogInterval = TimeSpan.FromHours(1),
        };
        await sink.StartAsync(ct);

        for (var i = 0; i < 3; i++)
        {
            await sink.WriteAsync(i, ct);
            await sink.FlushAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        }

        Assert.Equal(3, sink.Dropped);
        Assert.Equal(0, sink.Delivered);
        Assert.Equal(3, DroppedOf(sink.Name, "undeliverable"));
        Assert.True(sink.Attempts > 3);
        Assert.False(sink.ExecuteTask!.IsCompleted);

        // One line for the drops of the interval, however many batches were dropped in it.
        Assert.Single(logs.Lines, l => l.Contains("dropped", StringComparison.Ordinal));

        // The grain recovers: the next items are delivered.
        sink.Failing = false;
        await sink.WriteAsync(3, ct);
        await sink.FlushAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(1, sink.Delivered);
        await sink.StopAsync(ct);
        Assert.True(sink.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Delivery_GrainFailsBrieflyWithinTheRetryLimit_DeliversEverythingAndDropsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sink = new FailingSink("brief-" + Guid.NewGuid().ToString("N"), NewInstruments(), NullLogger.Instance)
        {
            FailFirst = 3,
            Failing = false,
        };
        await sink.StartAsync(ct);

        await sink.WriteAsync(1, ct);
        await sink.WriteAsync(2, ct);
        await sink.FlushAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(2, sink.Delivered);
        Assert.Equal(0, sink.Dropped);
        Assert.Equal(0, DroppedOf(sink.Name, "undeliverable"));
        await sink.StopAsync(ct);
    }

    [Fact]
    public async Task Stop_GrainKeepsFailing_StopsWithoutThrowingAndCountsWhatWasQueued()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sink = new FailingSink("stopping-" + Guid.NewGuid().ToString("N"), NewInstruments(), NullLogger.Instance);
        await sink.StartAsync(ct);
        await sink.WriteAsync(1, ct);
        await sink.WriteAsync(2, ct);
        while (sink.Attempts == 0)
        {
            await Task.Delay(10, ct);
        }

        await sink.StopAsync(ct);

        Assert.True(sink.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(2, sink.Dropped);
        Assert.Equal(2, DroppedOf(sink.Name, "undeliverable"));
    }

    [Fact]
    public void TryWrite_QueueFull_RefusesCountsAsOverflowAndLogsOncePerInterval()
    {
        using var logs = new CapturingLoggerProvider();
        using var sink = new FailingSink("full-" + Guid.NewGuid().ToString("N"), NewInstruments(), logs.CreateLogger("sink"), capacity: 2)
        {
            DropLogInterval = TimeSpan.FromHours(1),
        };

        var written = Enumerable.Range(0, 50).Count(sink.TryWrite);

        Assert.Equal(2, written);
        Assert.Equal(48, sink.Overflow);
        Assert.Equal(48, DroppedOf(sink.Name, "overflow"));
        Assert.Single(logs.Lines, l => l.Contains("is full", StringComparison.Ordinal));
    }
    [Fact]
    public void FlushAsync_NothingQueued_CompletesAtOnce()
    {
        using var sink = new HeldSink();

        Assert.True(sink.FlushAsync(TestContext.Current.CancellationToken).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task FlushAsync_DeliveryHeld_CompletesOnceEverythingQueuedIsDelivered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sink = new HeldSink();
        await sink.StartAsync(ct);
        await sink.WriteAsync(1, ct);
        await sink.WriteAsync(2, ct);
        await sink.Entered.Task.WaitAsync(ct);

        var flush = sink.FlushAsync(ct);
        Assert.False(flush.IsCompleted);

        sink.Release.SetResult();
        await flush.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(2, sink.Delivered);
        await sink.StopAsync(ct);
    }

    [Fact]
    public async Task FlushAsync_CancelledWhileDeliveryHeld_StopsWaiting()
    {
        var ct = TestContext.Current.CancellationToken;
        using var sink = new HeldSink();
        await sink.StartAsync(ct);
        await sink.WriteAsync(1, ct);
        await sink.Entered.Task.WaitAsync(ct);
        using var cancel = new CancellationTokenSource();

        var flush = sink.FlushAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush);
        Assert.Equal(0, sink.Delivered);
        sink.Release.SetResult();
        await sink.FlushAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        await sink.StopAsync(ct);
    }

    /// <summary>A sink whose grain holds every delivery until <see cref="Release"/> is set.</summary>
    private sealed class HeldSink() : BatchingSink<int>("held", 100, NewInstruments(), TimeProvider.System, NullLogger.Instance)
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task DeliverAsync(int[] batch)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
    }

    /// <summary>A sink whose grain fails every delivery while <see cref="Failing"/> is set, and the first <see cref="FailFirst"/> ones.</summary>
    private sealed class FailingSink(string name, PlatformInstruments instruments, ILogger logger, int capacity = 100)
        : BatchingSink<int>(name, capacity, instruments, TimeProvider.System, logger)
    {
        private int _attempts;
        private volatile bool _failing = true;

        public string Name { get; } = name;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public int FailFirst { get; init; }

        public int Attempts => Volatile.Read(ref _attempts);

        protected override Task DeliverAsync(int[] batch)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            return Failing || attempt <= FailFirst ? Task.FromException(new InvalidOperationException("injected: grain unavailable")) : Task.CompletedTask;
        }
    }
}
