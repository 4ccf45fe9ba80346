using StreamML.Transports.EventHubs;
using StreamML.Transports.Kafka;
using StreamML.Transports.RedisStreams;

namespace StreamML.Silo.Hosting;

/// <summary>The durable sources' settings (<c>StreamML:Sources</c>); only the one <see cref="StreamMLHostOptions.Source"/> names is used.</summary>
public sealed class SourceSettings
{
    /// <summary>Redis Streams (<c>StreamML:Sources:RedisStreams</c>).</summary>
    public RedisStreamsOptions RedisStreams { get; set; } = new();

    /// <summary>Kafka (<c>StreamML:Sources:Kafka</c>).</summary>
    public KafkaSourceOptions Kafka { get; set; } = new();

    /// <summary>Azure Event Hubs over AMQP (<c>StreamML:Sources:EventHubs</c>).</summary>
    public EventHubsSourceOptions EventHubs { get; set; } = new();

    /// <summary>Azure Event Hubs through its Kafka endpoint, bound from the same section (<c>StreamML:Sources:EventHubs</c>).</summary>
    public EventHubsKafkaOptions EventHubsKafka { get; set; } = new();
}
