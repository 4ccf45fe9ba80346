using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamML.Grains.Services;

/// <summary>
/// A silo-local queue that hands items to a grain in batches: entities and pumps enqueue without a grain call per item;
/// a background loop appends up to <see cref="MaxBatch"/> items at a time, retrying a failed append (with backoff) so
/// nothing queued is lost while the silo runs.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract partial class BatchingSink<T> : BackgroundService
{
    private const int MaxBatch = 1_000;
    private readonly Channel<T> _channel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _flushLock = new();

    // Flushes waiting for a delivered count. One given up by its caller stays until that count is reached: completing it
    // then is harmless, and the count only grows while the silo runs.
    private readonly List<(long Target, TaskCompletionSource Done)> _flushes = [];
    private long _enqueued;
    private long _delivered;
    private long _overflow;

    /// <summary>Creates a sink holding at most <paramref name="capacity"/> undelivered items.</summary>
    protected BatchingSink(int capacity, TimeProvider time, ILogger logger)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _time = time;
        _logger = logger;
    }

    /// <summary>The clock.</summary>
    protected TimeProvider Time => _time;

    /// <summary>Items enqueued since start.</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Items delivered to the grain since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Items refused because the queue was full (only by <see cref="TryWrite"/>).</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Enqueues an item, waiting while the queue is full (backpressure for pumps and the HTTP API).</summary>
    public async ValueTask WriteAsync(T item, CancellationToken cancellationToken = default)
    {
        await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _enqueued);
    }

    /// <summary>Enqueues an item without waiting; false (and counted, and logged) when the queue is full.</summary>
    public bool TryWrite(T item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _enqueued);
            return true;
        }

        Interlocked.Increment(ref _overflow);
        LogOverflow(typeof(T).Name);
        return false;
    }

    /// <summary>Waits until everything enqueued before the call has been delivered; the delivery loop signals it.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Enqueued;
        TaskCompletionSource done;
        lock (_flushLock)
        {
            if (Delivered >= target)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushes.Add((target, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

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
            await DrainAsync(reader, batch, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(ChannelReader<T> reader, List<T> batch, CancellationToken cancellationToken)
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
            var backoff = TimeSpan.FromMilliseconds(100);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await DeliverAsync(items).ConfigureAwait(false);
                    CountDelivered(items.Length);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && attempt < 1_000)
                {
                    LogDeliveryFailed(ex, typeof(T).Name, items.Length, attempt);
                    if (cancellationToken.IsCancellationRequested && attempt >= 3)
                    {
                        return;
                    }

                    await Task.Delay(backoff, _time, CancellationToken.None).ConfigureAwait(false);
                    backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5_000));
                }
            }
        }
    }

    /// <summary>Counts a delivered batch and completes the flushes it satisfies.</summary>
    private void CountDelivered(int count)
    {
        var delivered = Interlocked.Add(ref _delivered, count);
        lock (_flushLock)
        {
            for (var i = _flushes.Count - 1; i >= 0; i--)
            {
                if (_flushes[i].Target <= delivered)
                {
                    _flushes[i].Done.TrySetResult();
                    _flushes.RemoveAt(i);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver {Count} {Item} items (attempt {Attempt}); retrying")]
    private partial void LogDeliveryFailed(Exception exception, string item, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Item} queue is full; an item was refused")]
    private partial void LogOverflow(string item);
}
