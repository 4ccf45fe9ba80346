using System.Text;
using Confluent.Kafka;
using StackExchange.Redis;
using StreamML.Core.Sources;
using StreamML.Transports.EventHubs;
using StreamML.Transports.Kafka;
using StreamML.Transports.RedisStreams;

namespace StreamML.Transports.Tests;

/// <summary>
/// The consumer lag each durable source reports: events between a checkpoint and the end of the partition's log, on a
/// real redis-server, librdkafka's mock Kafka cluster, and an event hub made with the SDK's model factory.
/// </summary>
[Trait("Category", "Functional")]
public sealed class SourceLagTests(RedisServerFixture redis, KafkaClusterFixture kafka) : IClassFixture<RedisServerFixture>, IClassFixture<KafkaClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_GetLagAsync_CountsTheEntriesAfterTheCheckpoint()
    {
        var options = new RedisStreamsOptions { KeyPrefix = "lag:" + Guid.NewGuid().ToString("N")[..10], Partitions = 2, PollInterval = TimeSpan.Zero };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var producer = new RedisStreamsProducer(connection, options);
        await producer.AppendBatchAsync([.. Enumerable.Range(0, 50).Select(i => new RedisStreamsRecord("meter-1", Encoding.UTF8.GetBytes($"e-{i}")))]);
        await using var source = new RedisStreamsSource(connection, options);
        var partition = producer.PartitionOf("meter-1");
        var records = await ReadAllAsync(source, partition, 50);

        Assert.Equal(50, await source.GetLagAsync(partition, CheckpointState.None, Ct));
        Assert.Equal(30, await source.GetLagAsync(partition, Checkpoint(records[19]), Ct));
        Assert.Equal(0, await source.GetLagAsync(partition, Checkpoint(records[^1]), Ct));
        Assert.Equal(0, await source.GetLagAsync(1 - partition, CheckpointState.None, Ct));
    }

    [Fact]
    public async Task Redis_GetLagAsync_BacklogBeyondTheLimit_ReadsAsTheLimit()
    {
        var options = new RedisStreamsOptions { KeyPrefix = "lag:" + Guid.NewGuid().ToString("N")[..10], Partitions = 1, PollInterval = TimeSpan.Zero };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var producer = new RedisStreamsProducer(connection, options);
        var total = RedisStreamsSource.LagCountLimit + 500;
        await producer.AppendBatchAsync([.. Enumerable.Range(0, total).Select(i => new RedisStreamsRecord("m", "{}"u8.ToArray()))]);
        await using var source = new RedisStreamsSource(connection, options);
        var first = await ReadAllAsync(source, 0, 1);

        Assert.Equal(total, await source.GetLagAsync(0, CheckpointState.None, Ct));
        Assert.Equal(RedisStreamsSource.LagCountLimit, await source.GetLagAsync(0, Checkpoint(first[0]), Ct));
    }

    [Fact]
    public async Task Kafka_GetLagAsync_IsTheHighWatermarkBeyondTheCheckpoint()
    {
        var options = new KafkaSourceOptions { BootstrapServers = kafka.BootstrapServers, Topic = "streamml-lag-" + Guid.NewGuid().ToString("N")[..12] };
        await kafka.CreateTopicAsync(options.Topic, 1);
        using (var producer = new ProducerBuilder<Null, byte[]>(options.BuildProducerConfig()).Build())
        {
            for (var i = 0; i < 30; i++)
            {
                await producer.ProduceAsync(new TopicPartition(options.Topic, new Partition(0)), new Message<Null, byte[]> { Value = Encoding.UTF8.GetBytes($"e-{i}") }, Ct);
            }
        }

        await using var source = new KafkaSource(options);

        Assert.Equal(30, await source.GetLagAsync(0, CheckpointState.None, Ct));
        Assert.Equal(18, await source.GetLagAsync(0, new CheckpointState(11, "v"), Ct));
        Assert.Equal(0, await source.GetLagAsync(0, new CheckpointState(29, "v"), Ct));
    }

    [Fact]
    public async Task EventHubs_GetLagAsync_FollowsTheLastEnqueuedSequenceNumberTheReceiverTracks()
    {
        var hub = new FakeEventHub("meters", 1);
        for (var i = 0; i < 10; i++)
        {
            hub.Append(0, $"e-{i}", first: 100);
        }

        var options = new EventHubsSourceOptions { Namespace = "contoso", EventHub = "meters", MaxWaitTime = TimeSpan.FromMilliseconds(10) };
        await using var source = new EventHubsSource(options, _ => hub);

        // Before any read the partition's properties say where its log ends.
        Assert.Equal(10, await source.GetLagAsync(0, CheckpointState.None, Ct));
        Assert.Equal(5, await source.GetLagAsync(0, new CheckpointState(104, "v"), Ct));

        await using var reader = await source.OpenAsync(0, 104, Ct);
        Assert.Equal(5, await reader.ReadAsync(new SourceRecord[64], Ct));
        for (var i = 10; i < 15; i++)
        {
            hub.Append(0, $"e-{i}");
        }

        // The receiver heard of sequence number 109 with its last batch; the next batch brings 114.
        Assert.Equal(5, await source.GetLagAsync(0, new CheckpointState(104, "v"), Ct));
        Assert.Equal(5, await reader.ReadAsync(new SourceRecord[64], Ct));
        Assert.Equal(10, await source.GetLagAsync(0, new CheckpointState(104, "v"), Ct));
        Assert.Equal(0, await source.GetLagAsync(0, new CheckpointState(114, "v"), Ct));
    }

    private static CheckpointState Checkpoint(SourceRecord record) => new(record.Offset, "v") { Position = record.Position };

    private static async Task<List<SourceRecord>> ReadAllAsync(IEventSource source, int partition, int expected)
    {
        await using var reader = await source.OpenAsync(partition, null, Ct);
        var read = new List<SourceRecord>();
        var buffer = new SourceRecord[512];
        for (var attempt = 0; attempt < 100 && read.Count < expected; attempt++)
        {
            var n = await reader.ReadAsync(buffer, Ct);
            read.AddRange(buffer[..n]);
        }

        return read[..expected];
    }
}
