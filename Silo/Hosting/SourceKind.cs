namespace StreamML.Silo.Hosting;

/// <summary>Which log feeds the partition pumps.</summary>
public enum SourceKind
{
    /// <summary>No log: events arrive by the HTTP API only.</summary>
    None = 0,

    /// <summary>The built-in generator (the embedded default).</summary>
    Generator = 1,

    /// <summary>Redis Streams (<c>StreamML:Sources:RedisStreams</c>): the self-hosted durable source.</summary>
    RedisStreams = 2,

    /// <summary>Any Kafka cluster (<c>StreamML:Sources:Kafka</c>).</summary>
    Kafka = 3,

    /// <summary>Azure Event Hubs natively over AMQP, with the SDK's partition receivers (<c>StreamML:Sources:EventHubs</c>).</summary>
    EventHubs = 4,

    /// <summary>Azure Event Hubs through its Kafka endpoint, read by the Kafka source (same section, <c>StreamML:Sources:EventHubs</c>).</summary>
    EventHubsKafka = 5,
}
