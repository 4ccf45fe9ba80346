using System.Globalization;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Primitives;
using StreamML.Core.Sources;

namespace StreamML.Transports.EventHubs;

/// <summary>
/// Reads one partition through a <see cref="PartitionReceiver"/>, remembering the last sequence number it handed out. A
/// receiver that fails is closed and a new one opens after that sequence number on the next read, so a retried read
/// neither skips nor repeats an event.
/// </summary>
internal sealed class EventHubsPartitionReader : IPartitionReader
{
    private readonly EventHubsSource _source;
    private readonly IEventHubsClients _clients;
    private readonly EventHubsSourceOptions _options;
    private readonly string _partitionId;
    private PartitionReceiver? _receiver;
    private long? _last;

    public EventHubsPartitionReader(EventHubsSource source, IEventHubsClients clients, EventHubsSourceOptions options, int partition, long? afterSequenceNumber)
    {
        _source = source;
        _clients = clients;
        _options = options;
        Partition = partition;
        _partitionId = partition.ToString(CultureInfo.InvariantCulture);
        _last = afterSequenceNumber;
    }

    public int Partition { get; }

    public async ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        IEnumerable<EventData> events;
        try
        {
            _receiver ??= _clients.CreateReceiver(_partitionId, _source.PositionAfter(_last));
            events = await _receiver.ReceiveBatchAsync(Math.Min(buffer.Length, _options.BatchSize), _options.MaxWaitTime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (EventHubsSource.IsUnavailable(ex))
        {
            await CloseReceiverAsync().ConfigureAwait(false);
            throw _source.Unavailable($"cannot read partition {_partitionId} of '{_clients.EventHubName}'", ex);
        }

        var span = buffer.Span;
        var n = 0;
        var last = _last;
        foreach (var e in events)
        {
            // A receiver reopened after a failure starts after the last event handed out; nothing at or before it is new.
            if (e.SequenceNumber <= last)
            {
                continue;
            }

            span[n++] = ToRecord(e);
            last = e.SequenceNumber;
        }

        _last = last;
        if (n > 0 && _receiver.ReadLastEnqueuedEventProperties().SequenceNumber is { } lastEnqueued)
        {
            _source.LastEnqueued(Partition, lastEnqueued);
        }

        return n;
    }

    public ValueTask DisposeAsync() => CloseReceiverAsync();

    internal static SourceRecord ToRecord(EventData e) => new()
    {
        Offset = e.SequenceNumber,
        Payload = e.EventBody.ToMemory(),
        IsLabel = e.Properties.TryGetValue(RecordFields.Kind, out var kind) && kind is string k && k == RecordFields.LabelKind,
    };

    private async ValueTask CloseReceiverAsync()
    {
        if (Interlocked.Exchange(ref _receiver, null) is not { } receiver)
        {
            return;
        }

        try
        {
            await receiver.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (EventHubsSource.IsUnavailable(ex))
        {
            // The link is gone already; closing it has nothing left to do.
        }
    }
}
