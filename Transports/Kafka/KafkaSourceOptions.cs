using Confluent.Kafka;

namespace StreamML.Transports.Kafka;

/// <summary>Settings of <see cref="KafkaSource"/>: the broker, the topic and the client security.</summary>
public sealed class KafkaSourceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Sources:Kafka";

    /// <summary>The source name used in checkpoints, metrics and dead-letter records.</summary>
    /// <value>The default value is <c>kafka</c>.</value>
    public string Name { get; set; } = "kafka";

    /// <summary>Comma-separated <c>host:port</c> list of brokers.</summary>
    /// <value>The default value is null; required.</value>
    public string? BootstrapServers { get; set; }

    /// <summary>The topic to read (an event hub, on Event Hubs).</summary>
    /// <value>The default value is null; required.</value>
    public string? Topic { get; set; }

    /// <summary>The <c>group.id</c> the consumer reports. Partitions are assigned explicitly, so the group never rebalances and nothing is committed to it.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string ConsumerGroup { get; set; } = "streamml";

    /// <summary>The client id brokers see in their logs and quotas.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string ClientId { get; set; } = "streamml";

    /// <summary>The security protocol; null leaves librdkafka's default (plaintext).</summary>
    /// <value>The default value is null.</value>
    public SecurityProtocol? SecurityProtocol { get; set; }

    /// <summary>The SASL mechanism, when <see cref="SecurityProtocol"/> uses SASL.</summary>
    /// <value>The default value is null.</value>
    public SaslMechanism? SaslMechanism { get; set; }

    /// <summary>The SASL user name (PLAIN, SCRAM).</summary>
    /// <value>The default value is null.</value>
    public string? SaslUsername { get; set; }

    /// <summary>The SASL password (PLAIN, SCRAM).</summary>
    /// <value>The default value is null.</value>
    public string? SaslPassword { get; set; }

    /// <summary>A CA bundle to verify brokers with, when not the system's.</summary>
    /// <value>The default value is null.</value>
    public string? SslCaLocation { get; set; }

    /// <summary>How long one read waits for the first record of a batch before returning 0.</summary>
    /// <value>The default value is 100 ms.</value>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long listing the topic's partitions may take.</summary>
    /// <value>The default value is 10 s.</value>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Further librdkafka properties for every client (consumer, producer, admin).</summary>
    /// <value>The default value is empty.</value>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Further librdkafka properties for consumers only.</summary>
    /// <value>The default value is empty.</value>
    public Dictionary<string, string> ConsumerSettings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Further librdkafka properties for producers only.</summary>
    /// <value>The default value is empty.</value>
    public Dictionary<string, string> ProducerSettings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Supplies OAUTHBEARER tokens (set with <see cref="Confluent.Kafka.ClientExtensions.OAuthBearerSetToken"/>) when
    /// <see cref="SaslMechanism"/> is <see cref="Confluent.Kafka.SaslMechanism.OAuthBearer"/>; see <see cref="EventHubsKafkaOptions"/>.
    /// </summary>
    /// <value>The default value is null.</value>
    public Action<IClient, string>? OAuthBearerTokenRefreshHandler { get; set; }

    /// <summary>Every problem with these options, all at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            failures.Add($"{SectionName}:{nameof(Name)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            failures.Add($"{SectionName}:{nameof(BootstrapServers)} is required (host:port[,host:port...]).");
        }

        if (string.IsNullOrWhiteSpace(Topic))
        {
            failures.Add($"{SectionName}:{nameof(Topic)} is required.");
        }

        if (string.IsNullOrWhiteSpace(ConsumerGroup))
        {
            failures.Add($"{SectionName}:{nameof(ConsumerGroup)} must not be empty.");
        }

        if (PollTimeout < TimeSpan.Zero || PollTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{SectionName}:{nameof(PollTimeout)} must be between 0 and 30 s.");
        }

        if (MetadataTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{SectionName}:{nameof(MetadataTimeout)} must be positive.");
        }

        if (SaslMechanism == Confluent.Kafka.SaslMechanism.OAuthBearer && OAuthBearerTokenRefreshHandler is null)
        {
            failures.Add($"{SectionName}: OAUTHBEARER needs {nameof(OAuthBearerTokenRefreshHandler)} (use {nameof(EventHubsKafkaOptions)} for Entra ID tokens).");
        }

        if (SaslMechanism is Confluent.Kafka.SaslMechanism.Plain or Confluent.Kafka.SaslMechanism.ScramSha256 or Confluent.Kafka.SaslMechanism.ScramSha512
            && (string.IsNullOrEmpty(SaslUsername) || string.IsNullOrEmpty(SaslPassword)))
        {
            failures.Add($"{SectionName}: SASL {SaslMechanism} needs {nameof(SaslUsername)} and {nameof(SaslPassword)}.");
        }

        return failures;
    }

    /// <summary>The settings every client shares (brokers, security, extra <see cref="Settings"/>).</summary>
    public ClientConfig BuildClientConfig()
    {
        var config = new ClientConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = ClientId,
        };
        if (SecurityProtocol is { } protocol)
        {
            config.SecurityProtocol = protocol;
        }

        if (SaslMechanism is { } mechanism)
        {
            config.SaslMechanism = mechanism;
        }

        config.SaslUsername = SaslUsername;
        config.SaslPassword = SaslPassword;
        config.SslCaLocation = SslCaLocation;
        foreach (var (key, value) in Settings)
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>
    /// The consumer settings: explicit assignment only, nothing committed or stored automatically (positions live in
    /// StreamML's checkpoints), no end-of-partition events.
    /// </summary>
    public ConsumerConfig BuildConsumerConfig()
    {
        var config = new ConsumerConfig(BuildClientConfig())
        {
            GroupId = ConsumerGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        foreach (var (key, value) in ConsumerSettings)
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>The producer settings (used by tools and tests that write to the topic).</summary>
    public ProducerConfig BuildProducerConfig()
    {
        var config = new ProducerConfig(BuildClientConfig());
        foreach (var (key, value) in ProducerSettings)
        {
            config.Set(key, value);
        }

        return config;
    }
}
