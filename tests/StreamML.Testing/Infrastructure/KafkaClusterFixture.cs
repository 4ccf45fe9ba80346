using Confluent.Kafka;

namespace StreamML.Testing.Infrastructure;

/// <summary>
/// A Kafka-protocol cluster for tests: the one named by <c>STREAMML_KAFKA_BOOTSTRAP</c> when set, else librdkafka's mock
/// cluster (three brokers on loopback ports, hosted by a client in this process for as long as the fixture lives). The
/// mock speaks the real protocol over TCP but ignores security settings and keeps about 30,000 records per partition.
/// </summary>
public sealed class KafkaClusterFixture : IAsyncLifetime
{
    /// <summary>The variable that names an external cluster.</summary>
    public const string BootstrapVariable = "STREAMML_KAFKA_BOOTSTRAP";

    private IProducer<Null, byte[]>? _host;

    /// <summary>The cluster's <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; private set; } = "";

    /// <summary>Whether the cluster is librdkafka's in-process mock rather than an external one.</summary>
    public bool IsMock => _host is not null;

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(BootstrapVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            BootstrapServers = external;
            return ValueTask.CompletedTask;
        }

        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", "3");
        _host = new ProducerBuilder<Null, byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;
        if (brokers.Count == 0)
        {
            throw new InvalidOperationException("librdkafka's mock cluster reported no brokers");
        }

        BootstrapServers = string.Join(",", brokers.Select(b => $"{b.Host}:{b.Port}"));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Creates a topic and answers how many partitions it has: <paramref name="partitions"/> on an external cluster; on
    /// the mock, which has no controller to create topics with, the topic is created by asking for its metadata and has
    /// the mock's default of four.
    /// </summary>
    public async Task<int> CreateTopicAsync(string topic, int partitions)
    {
        if (_host is null)
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
            await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]).ConfigureAwait(false);
            return partitions;
        }

        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, AllowAutoCreateTopics = true }).Build();
        using var metadata = new DependentAdminClientBuilder(producer.Handle).Build();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var found = metadata.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is { Error.IsError: false, Partitions.Count: > 0 })
            {
                return found.Partitions.Count;
            }
        }

        throw new InvalidOperationException($"the mock cluster did not create topic {topic}");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _host?.Dispose();
        return ValueTask.CompletedTask;
    }
}
