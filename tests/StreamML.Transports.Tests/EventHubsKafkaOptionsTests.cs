using Azure.Core;
using Confluent.Kafka;
using StreamML.Transports.Kafka;

namespace StreamML.Transports.Tests;

/// <summary>
/// The Event Hubs Kafka-endpoint mapping. Expected values: Microsoft Learn "Use Azure Event Hubs from Apache Kafka
/// applications" (port 9093, SASL_SSL, PLAIN with user $ConnectionString, OAUTHBEARER with scope
/// https://{namespace}/.default) and "Recommended configurations for Apache Kafka clients" (socket.keepalive.enable
/// true, metadata.max.age.ms and connections.max.idle.ms 180000, producer request.timeout.ms 60000, consumer
/// session.timeout.ms 30000, max.poll.interval.ms 300000), as summarised in shared/reference/azure.md §1.
/// </summary>
[Trait("Category", "BVT")]
public sealed class EventHubsKafkaOptionsTests
{
    private const string Key = "c2VjcmV0LWtleS1kby1ub3QtbG9n";
    private const string ConnectionString = $"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey={Key}";

    [Fact]
    public void ToKafkaSourceOptions_ConnectionString_MapsEveryRecommendedSetting()
    {
        var options = new EventHubsKafkaOptions { EventHub = "meters", ConnectionString = ConnectionString, ConsumerGroup = "silo-a" };

        var kafka = options.ToKafkaSourceOptions();
        var consumer = kafka.BuildConsumerConfig();
        var producer = kafka.BuildProducerConfig();

        Assert.Equal("meters", kafka.Topic);
        Assert.Equal("eventhubs", kafka.Name);
        foreach (var config in new ClientConfig[] { consumer, producer })
        {
            Assert.Equal("contoso.servicebus.windows.net:9093", config.BootstrapServers);
            Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
            Assert.Equal(SaslMechanism.Plain, config.SaslMechanism);
            Assert.Equal("$ConnectionString", config.SaslUsername);
            Assert.Equal(ConnectionString, config.SaslPassword);
            Assert.True(config.SocketKeepaliveEnable);
            Assert.Equal(180_000, config.MetadataMaxAgeMs);
            Assert.Equal(180_000, config.ConnectionsMaxIdleMs);
        }

        Assert.Equal(30_000, consumer.SessionTimeoutMs);
        Assert.Equal(300_000, consumer.MaxPollIntervalMs);
        Assert.Equal("silo-a", consumer.GroupId);
        Assert.False(consumer.EnableAutoCommit);
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.False(consumer.EnablePartitionEof);
        Assert.Equal(60_000, producer.RequestTimeoutMs);
        Assert.Null(kafka.OAuthBearerTokenRefreshHandler);
        Assert.Empty(kafka.Validate());
    }

    [Fact]
    public void ToKafkaSourceOptions_NoConnectionString_UsesOAuthBearerWithTokenHandler()
    {
        var credential = new RecordingCredential();
        var options = new EventHubsKafkaOptions { Namespace = "contoso", EventHub = "meters", Credential = credential };

        var kafka = options.ToKafkaSourceOptions();
        var consumer = kafka.BuildConsumerConfig();

        Assert.Equal("contoso.servicebus.windows.net:9093", consumer.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, consumer.SecurityProtocol);
        Assert.Equal(SaslMechanism.OAuthBearer, consumer.SaslMechanism);
        Assert.Null(consumer.SaslUsername);
        Assert.Null(consumer.SaslPassword);
        Assert.True(consumer.SocketKeepaliveEnable);
        Assert.Equal(180_000, consumer.MetadataMaxAgeMs);
        Assert.Equal(180_000, consumer.ConnectionsMaxIdleMs);
        Assert.Equal(30_000, consumer.SessionTimeoutMs);
        Assert.Equal(300_000, consumer.MaxPollIntervalMs);
        Assert.Equal(60_000, kafka.BuildProducerConfig().RequestTimeoutMs);
        Assert.NotNull(kafka.OAuthBearerTokenRefreshHandler);
        Assert.Equal("https://contoso.servicebus.windows.net/.default", options.TokenScope);
    }

    [Fact]
    public void FetchToken_AsksForTheNamespaceScopeAndNamesAPrincipal()
    {
        var credential = new RecordingCredential();
        var options = new EventHubsKafkaOptions { Namespace = "Contoso.servicebus.windows.net", EventHub = "meters", Credential = credential };

        var token = EventHubsKafkaOptions.FetchToken(credential, options.TokenScope, options.PrincipalName);

        Assert.Equal(["https://contoso.servicebus.windows.net/.default"], credential.Scopes);
        Assert.Equal("token-1", token.Value);
        Assert.Equal(RecordingCredential.Expiry.ToUnixTimeMilliseconds(), token.ExpiresAtUnixMs);
        Assert.Equal("streamml", token.Principal);
    }

    [Theory]
    [InlineData("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen", "lacks SharedAccessKey")]
    [InlineData("SharedAccessKeyName=listen;SharedAccessKey=" + Key, "lacks Endpoint")]
    [InlineData("Endpoint=https://contoso.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=" + Key, "is not an sb://")]
    [InlineData("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=" + Key, "SharedAccessSignature token")]
    [InlineData("just-a-key-" + Key, "not a list of Name=Value pairs")]
    public void Validate_BadConnectionString_IsRefusedWithClearMessageWithoutTheKey(string connectionString, string expected)
    {
        var options = new EventHubsKafkaOptions { EventHub = "meters", ConnectionString = connectionString };

        var failures = options.Validate();
        var thrown = Assert.Throws<ArgumentException>(() => options.ToKafkaSourceOptions());

        var failure = Assert.Single(failures);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
        Assert.StartsWith("StreamML:Sources:EventHubs:ConnectionString is not usable", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConflictingSettings_ListsEveryProblem()
    {
        var options = new EventHubsKafkaOptions
        {
            Name = "",
            Namespace = "fabrikam",
            EventHub = "",
            ConnectionString = ConnectionString + ";EntityPath=other",
            ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001",
            PrincipalName = " ",
        };

        var failures = options.Validate();

        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.Contains("Name must not be empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("EventHub is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PrincipalName must not be empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'fabrikam.servicebus.windows.net' differs from the connection string's endpoint 'contoso.servicebus.windows.net'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("not both", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConnectionStringForAnotherHub_IsRefused()
    {
        var options = new EventHubsKafkaOptions { EventHub = "meters", ConnectionString = ConnectionString + ";EntityPath=cards" };

        var failure = Assert.Single(options.Validate());

        Assert.Contains("is for event hub 'cards', not 'meters'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NeitherConnectionStringNorNamespace_IsRefused()
    {
        var failure = Assert.Single(new EventHubsKafkaOptions { EventHub = "meters" }.Validate());

        Assert.Contains("set ConnectionString, or Namespace", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void KafkaSourceOptions_PlainBroker_AssignsWithoutCommits()
    {
        var options = new KafkaSourceOptions { BootstrapServers = "127.0.0.1:9092", Topic = "events", ConsumerSettings = { ["fetch.min.bytes"] = "1024" } };

        var consumer = options.BuildConsumerConfig();

        Assert.Empty(options.Validate());
        Assert.Equal("127.0.0.1:9092", consumer.BootstrapServers);
        Assert.Null(consumer.SecurityProtocol);
        Assert.Equal("streamml", consumer.GroupId);
        Assert.False(consumer.EnableAutoCommit);
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.Equal(AutoOffsetReset.Earliest, consumer.AutoOffsetReset);
        Assert.Equal(1024, consumer.FetchMinBytes);
    }

    [Fact]
    public void KafkaSourceOptions_Invalid_ListsEveryProblemAndSourceRefusesThem()
    {
        var options = new KafkaSourceOptions { Topic = " ", PollTimeout = TimeSpan.FromMinutes(1), SaslMechanism = SaslMechanism.OAuthBearer };

        var failures = options.Validate();

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("BootstrapServers is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Topic is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PollTimeout must be between", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("OAUTHBEARER needs", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new KafkaSource(options));
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public static readonly DateTimeOffset Expiry = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken($"token-{Scopes.Count}", Expiry);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
