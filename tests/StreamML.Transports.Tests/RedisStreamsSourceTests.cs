using System.Text;
using StackExchange.Redis;
using StreamML.Core.Hashing;
using StreamML.Core.Sources;
using StreamML.Transports.RedisStreams;

namespace StreamML.Transports.Tests;

[Trait("Category", "Functional")]
public sealed class RedisStreamsSourceTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const int Partitions = 4;
    private ConnectionMultiplexer _connection = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static RedisStreamsOptions NewOptions() => new()
    {
        Name = "redis-test",
        KeyPrefix = "t:" + Guid.NewGuid().ToString("N")[..10],
        Partitions = Partitions,
        BatchSize = 64,
        PollInterval = TimeSpan.Zero,
    };

    private static byte[] Event(int i) =>
        Encoding.UTF8.GetBytes("{\"id\":\"e-" + i + "\",\"entity\":\"meter-" + (i % 37) + "\",\"features\":{\"x\":" + i + "}}");

    [Fact]
    public async Task ReadAsync_ProducedEvents_ComeBackInOrderPerPartition()
    {
        var options = NewOptions();
        var producer = new RedisStreamsProducer(_connection, options);
        var records = Enumerable.Range(0, 1_000).Select(i => new RedisStreamsRecord($"meter-{i % 37}", Event(i))).ToArray();
        var written = await producer.AppendBatchAsync(records);
        await using var source = new RedisStreamsSource(_connection, options);

        var byPartition = new Dictionary<int, List<SourceRecord>>();
        foreach (var partition in await source.GetPartitionsAsync(Ct))
        {
            await using var reader = await source.OpenAsync(partition, afterOffset: null, Ct);
            byPartition[partition] = await ReadAllAsync(reader, bufferSize: 50);
        }

        Assert.Equal(Enumerable.Range(0, Partitions), byPartition.Keys.Order());
        Assert.Equal(1_000, byPartition.Values.Sum(l => l.Count));
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(EntityHash.Partition(records[i].Entity, Partitions), written[i].Partition);
        }

        foreach (var (partition, read) in byPartition)
        {
            var expected = records.Select((r, i) => (r, w: written[i])).Where(x => x.w.Partition == partition).ToArray();
            Assert.Equal(expected.Select(x => x.w.Offset), read.Select(r => r.Offset));
            Assert.Equal(expected.Select(x => Encoding.UTF8.GetString(x.r.Payload.Span)), read.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
            Assert.All(read, r => Assert.False(r.IsLabel));
            Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
        }
    }

    [Fact]
    public async Task OpenAsync_AfterOffset_ResumesExactlyAfterIt()
    {
        var options = NewOptions();
        var producer = new RedisStreamsProducer(_connection, options);
        var written = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            written.Add((await producer.AppendAsync("one-entity", Event(i))).Offset);
        }

        var partition = producer.PartitionOf("one-entity");
        await using var source = new RedisStreamsSource(_connection, options);
        await using var reader = await source.OpenAsync(partition, afterOffset: written[7], Ct);
        var rest = await ReadAllAsync(reader, bufferSize: 6);

        Assert.Equal(written.Skip(8), rest.Select(r => r.Offset));
        Assert.Equal(Encoding.UTF8.GetString(Event(8)), Encoding.UTF8.GetString(rest[0].Payload.Span));
    }

    [Fact]
    public async Task ReadAsync_LabelRecords_AreMarked()
    {
        var options = NewOptions();
        var producer = new RedisStreamsProducer(_connection, options);
        await producer.AppendBatchAsync(
        [
            new RedisStreamsRecord("m-1", Event(1)),
            new RedisStreamsRecord("m-1", """{"id":"e-1","entity":"m-1","label":1}"""u8.ToArray(), IsLabel: true),
            new RedisStreamsRecord("m-1", Event(2)),
        ]);
        // An entry written by another producer without the kind field is an event, and one without a payload is
        // still delivered (empty) so the pump can dead-letter it.
        var key = options.KeyOf(producer.PartitionOf("m-1"));
        await _connection.GetDatabase().StreamAddAsync(key, [new NameValueEntry("d", Event(3))]);
        await _connection.GetDatabase().StreamAddAsync(key, [new NameValueEntry("k", "event")]);
        await using var source = new RedisStreamsSource(_connection, options);
        await using var reader = await source.OpenAsync(producer.PartitionOf("m-1"), null, Ct);

        var read = await ReadAllAsync(reader, bufferSize: 10);

        Assert.Equal([false, true, false, false, false], read.Select(r => r.IsLabel));
        Assert.Contains("\"label\":1", Encoding.UTF8.GetString(read[1].Payload.Span), StringComparison.Ordinal);
        Assert.Equal(0, read[4].Payload.Length);
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_ReturnsZero()
    {
        await using var source = new RedisStreamsSource(_connection, NewOptions());
        await using var reader = await source.OpenAsync(2, null, Ct);

        var n = await reader.ReadAsync(new SourceRecord[8], Ct);

        Assert.Equal(0, n);
    }

    [Fact]
    public async Task ReadAsync_IdsAtTheEdgesOfTheIdSpace_AllReadInOrderAndResumableAfterEach()
    {
        var options = NewOptions();
        string[] ids =
        [
            "0-1", "0-2000000", "0-2000001", "1-0", "1732500000000-7", "4398046511104-5", "8796093022207-1048575",
            "8796093022208-0", "18446744073709551615-0", "18446744073709551615-18446744073709551615",
        ];
        var key = options.KeyOf(1);
        foreach (var id in ids)
        {
            await _connection.GetDatabase().StreamAddAsync(key, [new NameValueEntry(RecordFields.Data, Event(0))], messageId: id);
        }

        await using var source = new RedisStreamsSource(_connection, options);
        await using var reader = await source.OpenAsync(1, afterOffset: null, Ct);
        var all = await ReadAllAsync(reader, bufferSize: 3);

        Assert.Equal(ids.Length, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
        Assert.Equal(ids, all.Select(r => r.Position ?? RedisStreamOffsets.ToId(r.Offset)));
        Assert.Equal([null, "0-2000000", "0-2000001"], all.Take(3).Select(r => r.Position));
        for (var k = 0; k < all.Count; k++)
        {
            var checkpoint = new CheckpointState(all[k].Offset, "1") { Position = all[k].Position };
            await using var resumed = await source.OpenAsync(1, checkpoint, Ct);
            var rest = await ReadAllAsync(resumed, bufferSize: 4);
            Assert.Equal(all.Skip(k + 1).Select(r => (r.Offset, r.Position)), rest.Select(r => (r.Offset, r.Position)));
        }
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("12")]
    public async Task OpenAsync_CheckpointPositionNotAStreamId_ThrowsInvalidData(string position)
    {
        await using var source = new RedisStreamsSource(_connection, NewOptions());

        await Assert.ThrowsAsync<InvalidDataException>(async () => await source.OpenAsync(0, new CheckpointState(5, "1") { Position = position }, Ct));
    }

    internal static async Task<List<SourceRecord>> ReadAllAsync(IPartitionReader reader, int bufferSize)
    {
        var all = new List<SourceRecord>();
        var buffer = new SourceRecord[bufferSize];
        for (var guard = 0; guard < 100_000; guard++)
        {
            var n = await reader.ReadAsync(buffer, Ct);
            if (n <= 0)
            {
                return all;
            }

            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        throw new InvalidOperationException("Reader never drained.");
    }
}
