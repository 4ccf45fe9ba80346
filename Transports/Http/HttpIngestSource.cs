using System.Threading.Channels;
using StreamML.Core.Events;
using StreamML.Core.Sources;

namespace StreamML.Transports.Http;

/// <summary>
/// The HTTP API's ingest queue seen as a one-partition source, so accepted events take the same pump (grouping,
/// backpressure, per-entity order) as every log. Bounded: a request that does not fit is refused whole (429), and
/// what was accepted is never dropped while the silo runs. Not durable: events accepted but not yet applied are lost
/// if the process dies (use a durable source where that matters).
/// </summary>
public sealed class HttpIngestSource : IEventSource
{
    private readonly Channel<StreamEvent> _queue;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private long _queued;
    private long _nextOffset;

    /// <summary>Creates a queue holding at most <paramref name="capacity"/> events.</summary>
    public HttpIngestSource(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _time = time;
        _queue = Channel.CreateUnbounded<StreamEvent>(new UnboundedChannelOptions { SingleReader = true });
    }

    /// <inheritdoc />
    public string Name => "http";

    /// <summary>Events queued and not yet read by the pump.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Queues every event or none: false when they would not all fit.</summary>
    public bool TryEnqueue(IReadOnlyList<StreamEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        while (true)
        {
            var queued = Interlocked.Read(ref _queued);
            if (queued + events.Count > _capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _queued, queued + events.Count, queued) == queued)
            {
                break;
            }
        }

        foreach (var e in events)
        {
            // Unbounded channel: the capacity is enforced by the reservation above, so this never fails.
            _queue.Writer.TryWrite(e);
        }

        return true;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<int>>([0]);

    /// <inheritdoc />
    public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(partition, 0);
        return ValueTask.FromResult<IPartitionReader>(new Reader(this));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private sealed class Reader(HttpIngestSource source) : IPartitionReader
    {
        public int Partition => 0;

        public async ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
        {
            var reader = source._queue.Reader;
            var filled = Fill(reader, buffer.Span);
            if (filled > 0)
            {
                return filled;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50), source._time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    return -1;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return 0;
            }

            return Fill(reader, buffer.Span);
        }

        private int Fill(ChannelReader<StreamEvent> reader, Span<SourceRecord> buffer)
        {
            var n = 0;
            while (n < buffer.Length && reader.TryRead(out var e))
            {
                buffer[n++] = new SourceRecord { Offset = source._nextOffset++, Event = e, NotFromLog = true };
            }

            Interlocked.Add(ref source._queued, -n);
            return n;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
