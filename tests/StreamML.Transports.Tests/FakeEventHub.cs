using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using StreamML.Transports.EventHubs;

namespace StreamML.Transports.Tests;

/// <summary>
/// An event hub in memory behind <see cref="IEventHubsClients"/>: events made with the SDK's
/// <see cref="EventHubsModelFactory"/>, read through receivers that subclass the SDK's <see cref="PartitionReceiver"/>
/// (its virtual members are its mocking surface). Failures to inject are queued per partition.
/// </summary>
internal sealed class FakeEventHub(string name, int partitions) : IEventHubsClients
{
    private readonly List<EventData>[] _events = [.. Enumerable.Range(0, partitions).Select(_ => new List<EventData>())];

    public string EventHubName => name;

    /// <summary>Receivers created, with the position each was asked to start at.</summary>
    public List<FakeReceiver> Receivers { get; } = [];

    /// <summary>Failures the next receives throw, in order.</summary>
    public Queue<Exception> Failures { get; } = new();

    public string[] PartitionIds { get; set; } = [.. Enumerable.Range(0, partitions).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Appends an event to <paramref name="partition"/> with the next sequence number (starting at <paramref name="first"/>).</summary>
    public EventData Append(int partition, string body, string? kind = null, long first = 0)
    {
        var list = _events[partition];
        var sequence = list.Count == 0 ? first : list[^1].SequenceNumber + 1;
        var properties = new Dictionary<string, object>();
        if (kind is not null)
        {
            properties[RecordFields.Kind] = kind;
        }

        var e = EventHubsModelFactory.EventData(
            new BinaryData(body), properties, new Dictionary<string, object>(), "k", sequence,
            (sequence * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UnixEpoch.AddSeconds(sequence));
        list.Add(e);
        return e;
    }

    public IReadOnlyList<EventData> EventsOf(int partition) => _events[partition];

    public Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken) =>
        Failures.TryDequeue(out var failure) ? Task.FromException<string[]>(failure) : Task.FromResult(PartitionIds);

    public Task<PartitionProperties> GetPartitionPropertiesAsync(string partitionId, CancellationToken cancellationToken)
    {
        var list = _events[int.Parse(partitionId, System.Globalization.CultureInfo.InvariantCulture)];
        return Task.FromResult(EventHubsModelFactory.PartitionProperties(
            name, partitionId, list.Count == 0, list.Count == 0 ? -1 : list[0].SequenceNumber, list.Count == 0 ? -1 : list[^1].SequenceNumber,
            list.Count == 0 ? "-1" : list[^1].OffsetString, DateTimeOffset.UnixEpoch));
    }

    public PartitionReceiver CreateReceiver(string partitionId, EventPosition position)
    {
        var receiver = new FakeReceiver(this, int.Parse(partitionId, System.Globalization.CultureInfo.InvariantCulture), position);
        Receivers.Add(receiver);
        return receiver;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A receiver over one partition of the fake hub.</summary>
    internal sealed class FakeReceiver : PartitionReceiver
    {
        private readonly FakeEventHub _hub;
        private long _next;

        public FakeReceiver(FakeEventHub hub, int partition, EventPosition position)
        {
            _hub = hub;
            PartitionNumber = partition;
            Position = position;
            var list = hub._events[partition];
            _next = position == EventPosition.Earliest ? long.MinValue
                : position == EventPosition.Latest ? (list.Count == 0 ? long.MinValue : list[^1].SequenceNumber + 1)
                : StartOf(position);
        }

        public int PartitionNumber { get; }

        public EventPosition Position { get; }

        public bool Closed { get; private set; }

        /// <summary>(count, wait) of each receive.</summary>
        public List<(int MaxCount, TimeSpan Wait)> Receives { get; } = [];

        public override Task<IEnumerable<EventData>> ReceiveBatchAsync(int maximumEventCount, TimeSpan maximumWaitTime, CancellationToken cancellationToken = default)
        {
            Receives.Add((maximumEventCount, maximumWaitTime));
            if (_hub.Failures.TryDequeue(out var failure))
            {
                return Task.FromException<IEnumerable<EventData>>(failure);
            }

            var batch = _hub._events[PartitionNumber].Where(e => e.SequenceNumber >= _next).Take(maximumEventCount).ToArray();
            if (batch.Length > 0)
            {
                _next = batch[^1].SequenceNumber + 1;
            }

            return Task.FromResult<IEnumerable<EventData>>(batch);
        }

        /// <summary>What the service sends with each batch when last enqueued event properties are tracked: the partition's end now.</summary>
        public override LastEnqueuedEventProperties ReadLastEnqueuedEventProperties()
        {
            var last = _hub._events[PartitionNumber][^1];
            return EventHubsModelFactory.LastEnqueuedEventProperties(last.SequenceNumber, last.OffsetString, last.EnqueuedTime, DateTimeOffset.UnixEpoch);
        }

        public override Task CloseAsync(CancellationToken cancellationToken = default)
        {
            Closed = true;
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            Closed = true;
            return ValueTask.CompletedTask;
        }

        /// <summary>The first sequence number a position created by FromSequenceNumber(n, inclusive) reads.</summary>
        private static long StartOf(EventPosition position)
        {
            for (var n = -1L; n < 100_000; n++)
            {
                if (position == EventPosition.FromSequenceNumber(n, isInclusive: true))
                {
                    return n;
                }

                if (position == EventPosition.FromSequenceNumber(n, isInclusive: false))
                {
                    return n + 1;
                }
            }

            throw new ArgumentException($"unsupported position {position}", nameof(position));
        }
    }
}
