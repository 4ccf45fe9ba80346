using Confluent.Kafka;
using StreamML.Core.Sources;

namespace StreamML.Transports.Kafka;

/// <summary>The consumer lag of a topic's partitions, against their high watermarks.</summary>
public sealed partial class KafkaSource
{
    private readonly Lock _watermarksLock = new();
    private IConsumer<Ignore, byte[]>? _watermarks;

    /// <inheritdoc />
    /// <remarks>One consumer of the source's own, never assigned, asks the brokers for the partition's watermarks.</remarks>
    public async ValueTask<long?> GetLagAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default)
    {
        var consumer = Watermarks();
        WatermarkOffsets watermarks;
        try
        {
            // The query blocks on the brokers; keep it off the caller's scheduler.
            watermarks = await Task.Run(() => consumer.QueryWatermarkOffsets(new TopicPartition(Topic, new Partition(partition)), _options.MetadataTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            throw new SourceUnavailableException($"Kafka source '{Name}' cannot read the watermarks of {Topic}/{partition}: {ex.Error.Reason}", ex);
        }

        if (watermarks.High == Offset.Unset)
        {
            return null;
        }

        var next = checkpoint.Offset is { } after ? Math.Max(after + 1, watermarks.Low.Value) : watermarks.Low.Value;
        return Math.Max(0, watermarks.High.Value - next);
    }

    private IConsumer<Ignore, byte[]> Watermarks()
    {
        lock (_watermarksLock)
        {
            if (_watermarks is null)
            {
                var builder = new ConsumerBuilder<Ignore, byte[]>(_options.BuildConsumerConfig());
                if (_options.OAuthBearerTokenRefreshHandler is { } refresh)
                {
                    builder.SetOAuthBearerTokenRefreshHandler((client, config) => refresh(client, config));
                }

                _watermarks = builder.Build();
            }

            return _watermarks;
        }
    }

    private void DisposeWatermarks()
    {
        lock (_watermarksLock)
        {
            _watermarks?.Dispose();
            _watermarks = null;
        }
    }
}
