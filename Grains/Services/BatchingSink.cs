using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamML.Grains.Services;

/// <summary>
/// A silo-local queue that hands items to a grain in batches: entities and pumps enqueue without a grain call per item;
/// a background loop appends up to <see cref="MaxBatch"/> items at a time, retrying a failed append with backoff for
/// up to <see cref="RetryLimit"/>. A batch that still cannot be delivered is dropped, counted in
/// <c>streamml.sink.dropped</c> and logged once per <see cref="DropLogInterval"/>: a grain that stays unreachable costs
/// its items, never the host.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract partial class BatchingSink<T> : BackgroundService
{
    private const int MaxBatch = 1_000;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly Channel<T> _channel;
    private readonly string _name;
    private readonly PlatformInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _flushLock = new();
    private readonly DropReport _undeliverable;
    private readonly DropReport _overflowed;

    // Flushes waiting for a settled count. One given up by its caller stays until that count is reached: completing it
    // then is harmless, and the count only grows while the silo runs.
    private readonly List<(long Target, TaskCompletionSource Done)> _flushes = [];
    private long _enqueued;
    private long _delivered;
    private long _dropped;
    private long _overflow;

    /// <summary>
    /// Creates a sink named <paramref name="name"/> (the <c>sink</c> tag of its metrics) holding at most
    /// <paramref name="capacity"/> undelivered items.
    /// </summary>
    protected BatchingSink(string name, int capacity, PlatformInstruments instruments, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _name = name;
        _instruments = instruments;
        _time = time;
        _logger = logger;
        _undeliverable = new DropReport(time);
        _overflowed = new DropReport(time);
    }

    /// <summary>The clock.</summary>
    protected TimeProvider Time => _time;

    /// <summary>The silo's instruments.</summary>
    protected PlatformInstruments Instruments => _instruments;

    /// <summary>How long a batch is retried after its first failed delivery before it is dropped (one minute unless set).</summary>
    public TimeSpan RetryLimit { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The shortest time between two log lines about dropped items (30 seconds unless set).</summary>
    public TimeSpan DropLogInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Items enqueued since start.</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Items delivered to the grain since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Items enqueued but dropped because their delivery kept failing past <see cref="RetryLimit"/>.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Items refused because the queue was full (only by <see cref="TryWrite"/>).</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Enqueues an item, waiting while the queue is full (backpressure for pumps and the HTTP API).</summary>
    public async ValueTask WriteAsync(T item, CancellationToken cancellationToken = default)
    {
        await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _enqueued);
    }

    /// <summary>Enqueues an item without waiting; false (counted as dropped, and logged once per interval) when the queue is full.</summary>
    public bool TryWrite(T item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _enqueued);
            return true;
        }

        Interlocked.Increment(ref _overflow);
        _instruments.SinkDropped(_name, SinkDropReason.Overflow, 1);
        if (_overflowed.Add(1, DropLogInterval) is { } report)
        {
            LogOverflow(_name, report.Count, report.Since);
        }

        return false;
    }

    /// <summary>
    /// Waits until everything enqueued before the call has been delivered or dropped; the delivery loop signals it.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Enqueued;
        TaskCompletionSource done;
        lock (_flushLock)
        {
            if (Settled >= target)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushes.Add((target, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    private long Settled => Delivered + Dropped;

    /// <summary>Delivers one batch to the grain.</summary>
    protected abstract Task DeliverAsync(T[] batch);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _channel.Reader;
        var batch = new List<T>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(reader, batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: deliver what is queued, once, without waiting for more.
            await DrainAsync(reader, batch, stoppingToken).ConfigureAwait(false);
        }

        ReportDropsNow();
    }

    private async Task DrainAsync(ChannelReader<T> reader, List<T> batch, CancellationToken stoppingToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                return;
            }

            var items = batch.ToArray();
            if (await TryDeliverAsync(items, stoppingToken).ConfigureAwait(false))
            {
                Settle(ref _delivered, items.Length);
            }
            else
            {
                Drop(items.Length);
            }
        }
    }

    /// <summary>
    /// Delivers a batch, retrying with backoff while <see cref="RetryLimit"/> allows; once the host is stopping, a batch
    /// gets three attempts at most, so a dead grain cannot hold up the shutdown.
    /// </summary>
    private async Task<bool> TryDeliverAsync(T[] items, CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        var firstFailure = 0L;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DeliverAsync(items).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (attempt == 1)
                {
                    firstFailure = _time.GetTimestamp();
                    LogDeliveryFailed(ex, _name, items.Length, RetryLimit);
                }

                var stopping = stoppingToken.IsCancellationRequested;
                if (_time.GetElapsedTime(firstFailure) + backoff > RetryLimit || (stopping && attempt >= 3))
                {
                    _undeliverable.Remember(ex);
                    return false;
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            await Task.Delay(backoff, _time, CancellationToken.None).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private void Drop(int count)
    {
        Settle(ref _dropped, count);
        _instruments.SinkDropped(_name, SinkDropReason.Undeliverable, count);
        if (_undeliverable.Add(count, DropLogInterval) is { } report)
        {
            LogDropped(report.Error, _name, report.Count, report.Since);
        }
    }

    /// <summary>Logs drops not yet reported, so the last ones before a stop are not left out of the log.</summary>
    private void ReportDropsNow()
    {
        if (_undeliverable.Add(0, TimeSpan.Zero) is { Count: > 0 } dropped)
        {
            LogDropped(dropped.Error, _name, dropped.Count, dropped.Since);
        }

        if (_overflowed.Add(0, TimeSpan.Zero) is { Count: > 0 } overflowed)
        {
            LogOverflow(_name, overflowed.Count, overflowed.Since);
        }
    }

    /// <summary>Counts settled items (delivered or dropped) and completes the flushes they satisfy.</summary>
    private void Settle(ref long counter, int count)
    {
        Interlocked.Add(ref counter, count);
        var settled = Settled;
        lock (_flushLock)
        {
            for (var i = _flushes.Count - 1; i >= 0; i--)
            {
                if (_flushes[i].Target <= settled)
                {
                    _flushes[i].Done.TrySetResult();
                    _flushes.RemoveAt(i);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver {Count} items of the {Sink} sink; retrying for up to {RetryLimit}")]
    private partial void LogDeliveryFailed(Exception exception, string sink, int count, TimeSpan retryLimit);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Sink} sink dropped {Count} items since {Since:o}: their delivery kept failing")]
    private partial void LogDropped(Exception? exception, string sink, long count, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Sink} queue is full: {Count} items were refused since {Since:o}")]
    private partial void LogOverflow(string sink, long count, DateTimeOffset since);
}
