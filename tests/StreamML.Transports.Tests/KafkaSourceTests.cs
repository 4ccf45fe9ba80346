using System.Text;
using Confluent.Kafka;
using StreamML.Core.Sources;
using StreamML.Transports.Kafka;

namespace StreamML.Transports.Tests;

/// <summary>
/// Produce-then-consume against a real broker named by <c>STREAMML_KAFKA_BOOTSTRAP</c>. No broker can be installed
/// on the build machines, so without the variable these tests are reported as skipped, with the reason.
/// </summary>
[Trait("Category", "Functional")]
public sealed class KafkaSourceTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_ProducedRecords_ComeBackInOrderWithLabelsMarked()
    {
        var (options, topicPartitions) = await CreateTopicAsync(partitions: 2);
        var produced = await ProduceAsync(options, partition: 1, count: 50);
        await using var source = new KafkaSource(options);

        var partitions = await source.GetPartitionsAsync(Ct);
        await using var reader = await source.OpenAsync(1, afterOffset: null, Ct);
        var read = await ReadAsync(reader, 50);

        Assert.Equal(Enumerable.Range(0, topicPartitions), partitions);
        Assert.Equal(produced.Select(p => p.Offset.Value), read.Select(r => r.Offset));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"e-{i}"), read.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i % 10 == 9), read.Select(r => r.IsLabel));
    }

    [Fact]
    public async Task OpenAsync_AfterOffset_ResumesExactlyAfterIt()
    {
        var (options, _) = await CreateTopicAsync(partitions: 1);
        var produced = await ProduceAsync(options, partition: 0, count: 30);
        await using var source = new KafkaSource(options);

        await using var reader = await source.OpenAsync(0, afterOffset: produced[11].Offset.Value, Ct);
        var read = await ReadAsync(reader, 18);

        Assert.Equal(produced.Skip(12).Select(p => p.Offset.Value), read.Select(r => r.Offset));
        Assert.Equal("e-12", Encoding.UTF8.GetString(read[0].Payload.Span));
    }

    [Fact]
    public async Task GetPartitionsAsync_NoBrokerListening_ThrowsSourceUnavailable()
    {
        // Runs everywhere: a loopback port nothing listens on stands for a broker that is down.
        var options = new KafkaSourceOptions
        {
            BootstrapServers = $"127.0.0.1:{LoopbackPort.GetFree()}",
            Topic = "absent",
            MetadataTimeout = TimeSpan.FromSeconds(2),
        };
        await using var source = new KafkaSource(options);

        await Assert.ThrowsAsync<SourceUnavailableException>(async () => await source.GetPartitionsAsync(Ct));
    }

    private async Task<(KafkaSourceOptions Options, int Partitions)> CreateTopicAsync(int partitions)
    {
        var options = new KafkaSourceOptions { BootstrapServers = kafka.BootstrapServers, Topic = "streamml-test-" + Guid.NewGuid().ToString("N")[..12] };
        return (options, await kafka.CreateTopicAsync(options.Topic, partitions));
    }

    private static async Task<List<DeliveryResult<Null, byte[]>>> ProduceAsync(KafkaSourceOptions options, int partition, int count)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(options.BuildProducerConfig()).Build();
        var results = new List<DeliveryResult<Null, byte[]>>();
        for (var i = 0; i < count; i++)
        {
            var message = new Message<Null, byte[]> { Value = Encoding.UTF8.GetBytes($"e-{i}") };
            if (i % 10 == 9)
            {
                message.Headers = new Headers { { "k", "label"u8.ToArray() } };
            }

            results.Add(await producer.ProduceAsync(new TopicPartition(options.Topic, new Partition(partition)), message, Ct));
        }

        return results;
    }

    private static async Task<List<SourceRecord>> ReadAsync(IPartitionReader reader, int expected)
    {
        var read = new List<SourceRecord>();
        var buffer = new SourceRecord[16];
        // Each read waits on the broker for its batch, and the first fetch from a new topic can take a few: bounded reads.
        for (var attempt = 0; attempt < 300 && read.Count < expected; attempt++)
        {
            var n = await reader.ReadAsync(buffer, Ct);
            read.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return read;
    }
}
