using Confluent.Kafka;
using StreamML.Core.Sources;

namespace StreamML.Transports.Kafka;

/// <summary>
/// A Kafka topic (or an Event Hubs event hub through its Kafka endpoint) as an <see cref="IEventSource"/>. Offsets are
/// Kafka offsets. Each reader is a consumer with one explicitly assigned partition, starting from StreamML's own
/// checkpoint: there is no <c>Subscribe</c>, no consumer-group rebalancing and no auto-commit, because the silos
/// decide who reads which partition.
/// </summary>
public sealed partial class KafkaSource : IEventSource, ILagSource
{
    private readonly KafkaSourceOptions _options;

    /// <summary>Creates a source from validated options.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public KafkaSource(KafkaSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        _options = options;
    }

    /// <summary>Creates a source for an Event Hubs event hub.</summary>
    public static KafkaSource ForEventHubs(EventHubsKafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new KafkaSource(options.ToKafkaSourceOptions());
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <summary>The topic read.</summary>
    public string Topic => _options.Topic!;

    /// <inheritdoc />
    /// <exception cref="SourceUnavailableException">The brokers could not be reached or do not know the topic.</exception>
    public async ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default)
    {
        var builder = new AdminClientBuilder(new AdminClientConfig(_options.BuildClientConfig()));
        if (_options.OAuthBearerTokenRefreshHandler is { } refresh)
        {
            builder.SetOAuthBearerTokenRefreshHandler((client, config) => refresh(client, config));
        }

        // Metadata requests block; keep them off the caller's scheduler.
        return await Task.Run(() =>
        {
            using var admin = builder.Build();
            Metadata metadata;
            try
            {
                metadata = admin.GetMetadata(Topic, _options.MetadataTimeout);
            }
            catch (KafkaException ex)
            {
                throw new SourceUnavailableException($"Kafka source '{Name}' cannot read metadata of '{Topic}': {ex.Error.Reason}", ex);
            }

            var topic = metadata.Topics.SingleOrDefault(t => t.Topic == Topic);
            if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
            {
                throw new SourceUnavailableException(
                    $"Kafka source '{Name}': topic '{Topic}' is not available ({topic?.Error.Reason ?? "not in metadata"}).");
            }

            return (IReadOnlyList<int>)topic.Partitions.Select(p => p.PartitionId).Order().ToArray();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        if (afterOffset is < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(afterOffset), afterOffset, "A Kafka offset is never below -1.");
        }

        var start = afterOffset is { } after ? new Offset(after + 1) : Offset.Beginning;
#pragma warning disable CA2000 // The reader goes to the caller, who disposes it.
        var reader = new KafkaPartitionReader(_options, partition, start);
#pragma warning restore CA2000
        return ValueTask.FromResult<IPartitionReader>(reader);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        DisposeWatermarks();
        return ValueTask.CompletedTask;
    }
}
