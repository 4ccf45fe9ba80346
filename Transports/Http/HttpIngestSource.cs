using System.Collections.Concurrent;
using System.Threading.Channels;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Sources;
using StreamML.Grains.Pumps;

namespace StreamML.Transports.Http;

/// <summary>
/// The HTTP API's ingest queue seen as a one-partition source, so accepted events and labels take the same pump (grouping,
/// backpressure, per-entity order) as every log: a label queued after its event reaches the entity after it. Bounded: a
/// request that does not fit is refused whole (429), and what was accepted is never dropped while the silo runs. Not
/// durable: events accepted but not yet applied are lost if the process dies (use a durable source where that matters).
/// Labels come with a <see cref="LabelReceipt"/> that completes once the pump has applied them (or given them up).
/// </summary>
public sealed class HttpIngestSource : IEventSource, ILabelOutcomeObserver
{
    private readonly Channel<SourceRecord> _queue;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<LabelEvent, LabelReceipt> _waiting = new(ReferenceEqualityComparer.Instance);
    private long _queued;
    private long _nextOffset;
    private int _closed;

    /// <summary>Creates a queue holding at most <paramref name="capacity"/> events and labels.</summary>
    public HttpIngestSource(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _time = time;
        _queue = Channel.CreateUnbounded<SourceRecord>(new UnboundedChannelOptions { SingleReader = true });
    }

    /// <inheritdoc />
    public string Name => "http";

    /// <summary>Events and labels queued and not yet read by the pump.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>
    /// Queues every event or none: false when they would not all fit. The events are the API's own decoding, already
    /// pseudonymised there, so the pump passes them on as they are.
    /// </summary>
    public bool TryEnqueue(IReadOnlyList<StreamEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!TryReserve(events.Count))
        {
            return false;
        }

        foreach (var e in events)
        {
            // Unbounded channel: the capacity is enforced by the reservation, so this never fails.
            _queue.Writer.TryWrite(new SourceRecord { Event = e });
        }

        return true;
    }

    /// <summary>
    /// Queues every label or none, behind every event queued before them: null when they would not all fit, else the
    /// receipt that completes once each label was applied or given up. Once the pump has stopped, the receipt tells
    /// every label as not applied.
    /// </summary>
    public LabelReceipt? TryEnqueueLabels(IReadOnlyList<LabelEvent> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!TryReserve(labels.Count))
        {
            return null;
        }

        var receipt = new LabelReceipt(labels.Count);

        // Waiting before queued: the pump may report a label as soon as it is in the queue.
        foreach (var label in labels)
        {
            _waiting[label] = receipt;
        }

        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Add(ref _queued, -labels.Count);
            foreach (var label in labels)
            {
                GiveUp(label);
            }

            return receipt;
        }

        foreach (var label in labels)
        {
            _queue.Writer.TryWrite(new SourceRecord { Label = label });
        }

        return receipt;
    }

    /// <summary>
    /// Tells every label still waiting as not applied, now and from now on: the pump has stopped, so nothing queued will
    /// be applied any more.
    /// </summary>
    public void Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        foreach (var label in _waiting.Keys)
        {
            GiveUp(label);
        }
    }

    /// <inheritdoc />
    public void OnApplied(ReadOnlySpan<LabelEnvelope> labels, ReadOnlySpan<LabelOutcome> outcomes)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (_waiting.TryRemove(labels[i].Label, out var receipt))
            {
                receipt.Record(i < outcomes.Length ? outcomes[i] : null);
            }
        }
    }

    /// <inheritdoc />
    public void OnNotApplied(ReadOnlySpan<LabelEnvelope> labels)
    {
        foreach (ref readonly var envelope in labels)
        {
            GiveUp(envelope.Label);
        }
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

    private bool TryReserve(int count)
    {
        while (true)
        {
            var queued = Interlocked.Read(ref _queued);
            if (queued + count > _capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _queued, queued + count, queued) == queued)
            {
                return true;
            }
        }
    }

    private void GiveUp(LabelEvent label)
    {
        if (_waiting.TryRemove(label, out var receipt))
        {
            receipt.Record(null);
        }
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

        private int Fill(ChannelReader<SourceRecord> reader, Span<SourceRecord> buffer)
        {
            var n = 0;
            while (n < buffer.Length && reader.TryRead(out var record))
            {
                buffer[n++] = record with { Offset = source._nextOffset++, NotFromLog = true, Pseudonymised = true };
            }

            Interlocked.Add(ref source._queued, -n);
            return n;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
