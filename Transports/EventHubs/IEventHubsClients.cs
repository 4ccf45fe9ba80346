using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;

namespace StreamML.Transports.EventHubs;

/// <summary>
/// The SDK clients an <see cref="EventHubsSource"/> works through: its partition list and properties, and a
/// <see cref="PartitionReceiver"/> per partition read. The source owns one; tests give it one that hands out receivers of
/// their own (the SDK's receiver is mockable through its virtual members).
/// </summary>
internal interface IEventHubsClients : IAsyncDisposable
{
    /// <summary>The event hub read, for messages.</summary>
    string EventHubName { get; }

    /// <summary>The ids of the event hub's partitions.</summary>
    Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken);

    /// <summary>The properties of one partition: its first and last sequence numbers.</summary>
    Task<PartitionProperties> GetPartitionPropertiesAsync(string partitionId, CancellationToken cancellationToken);

    /// <summary>A receiver on <paramref name="partitionId"/> starting at <paramref name="position"/>; the caller closes it.</summary>
    PartitionReceiver CreateReceiver(string partitionId, EventPosition position);
}
