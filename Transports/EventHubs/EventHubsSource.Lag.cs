using System.Globalization;
using StreamML.Core.Sources;

namespace StreamML.Transports.EventHubs;

/// <summary>The consumer lag of an event hub's partitions.</summary>
public sealed partial class EventHubsSource
{
    /// <inheritdoc />
    /// <remarks>
    /// The end of the log is the partition's last enqueued sequence number: what the service sent with the last events
    /// received (the receivers track last enqueued event properties), or else what the partition's properties say.
    /// </remarks>
    public async ValueTask<long?> GetLagAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default)
    {
        if (checkpoint.Offset is { } after && _lastEnqueued.TryGetValue(partition, out var tracked) && tracked >= after)
        {
            return tracked - after;
        }

        Azure.Messaging.EventHubs.PartitionProperties properties;
        try
        {
            properties = await _clients.GetPartitionPropertiesAsync(partition.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable($"cannot read the properties of partition {partition} of '{EventHub}'", ex);
        }

        if (properties.IsEmpty)
        {
            return 0;
        }

        LastEnqueued(partition, properties.LastEnqueuedSequenceNumber);
        var first = checkpoint.Offset is { } offset ? Math.Max(offset + 1, properties.BeginningSequenceNumber) : properties.BeginningSequenceNumber;
        return Math.Max(0, properties.LastEnqueuedSequenceNumber - first + 1);
    }

    /// <summary>Remembers the newest last enqueued sequence number heard of for <paramref name="partition"/>.</summary>
    internal void LastEnqueued(int partition, long sequenceNumber) =>
        _lastEnqueued.AddOrUpdate(partition, sequenceNumber, (_, known) => Math.Max(known, sequenceNumber));
}
