using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;

namespace StreamML.Transports.EventHubs;

/// <summary>
/// The real clients over one AMQP connection to the namespace, shared by every receiver of the silo: the connection
/// string's key, or a token credential.
/// </summary>
internal sealed class EventHubsClients : IEventHubsClients
{
    private readonly EventHubsSourceOptions _options;
    private readonly EventHubConnection _connection;
    private readonly EventHubConsumerClient _consumer;

    public EventHubsClients(EventHubsSourceOptions options)
    {
        _options = options;
        EventHubName = options.EventHubName!;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            // A connection string that names its event hub must not be given the name a second time.
            var namesHub = !string.IsNullOrEmpty(EventHubsConnectionStringProperties.Parse(options.ConnectionString).EventHubName);
            _connection = namesHub ? new EventHubConnection(options.ConnectionString) : new EventHubConnection(options.ConnectionString, EventHubName);
        }
        else
        {
            _connection = new EventHubConnection(options.FullyQualifiedNamespace!, EventHubName, options.ResolveCredential());
        }

        _consumer = new EventHubConsumerClient(options.ConsumerGroup, _connection);
    }

    public string EventHubName { get; }

    public Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken) => _consumer.GetPartitionIdsAsync(cancellationToken);

    public Task<PartitionProperties> GetPartitionPropertiesAsync(string partitionId, CancellationToken cancellationToken) =>
        _consumer.GetPartitionPropertiesAsync(partitionId, cancellationToken);

    public PartitionReceiver CreateReceiver(string partitionId, EventPosition position) =>
        new(_options.ConsumerGroup, partitionId, position, _connection, new PartitionReceiverOptions
        {
            PrefetchCount = _options.PrefetchCount,
            DefaultMaximumReceiveWaitTime = _options.MaxWaitTime,
            TrackLastEnqueuedEventProperties = true,
            Identifier = $"{_options.Name}-{partitionId}",
        });

    public async ValueTask DisposeAsync()
    {
        await _consumer.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
