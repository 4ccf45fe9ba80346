using System.Text;
using StackExchange.Redis;
using StreamML.Core.Sources;
using StreamML.Transports.RedisStreams;

namespace StreamML.Transports.Tests;

/// <summary>A Redis crash and restart in the middle of a read: nothing lost, nothing read twice.</summary>
[Trait("Category", "Slow")]
public sealed class RedisStreamsRestartTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const int Before = 3_000;
    private const int After = 500;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_RedisKilledAndRestartedMidRead_NoRecordLostOrDuplicated()
    {
        var options = new RedisStreamsOptions { KeyPrefix = "restart", Partitions = 1, BatchSize = 100, PollInterval = TimeSpan.Zero };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var producer = new RedisStreamsProducer(connection, options);
        await producer.AppendBatchAsync(Enumerable.Range(0, Before).Select(i => Record(i)).ToArray());
        await using var source = new RedisStreamsSource(connection, options);
        await using var reader = await source.OpenAsync(0, null, Ct);
        var buffer = new SourceRecord[100];
        var read = new List<SourceRecord>();
        for (var i = 0; i < 10; i++)
        {
            var n = await reader.ReadAsync(buffer, Ct);
            read.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        await redis.KillAsync();
        await Assert.ThrowsAsync<SourceUnavailableException>(async () => await reader.ReadAsync(buffer, Ct));
        await redis.StartAsync();

        // The pump backs off and retries on SourceUnavailableException; the multiplexer reconnects meanwhile. Nothing
        // signals that the restarted server is reachable again, so this retry polls (bounded, 20 ms apart), as the pump does.
        var appended = false;
        for (var attempt = 0; attempt < 2_000 && read.Count < Before + After; attempt++)
        {
            try
            {
                var n = await reader.ReadAsync(buffer, Ct);
                read.AddRange(buffer.AsSpan(0, n).ToArray());
                if (!appended && read.Count >= Before)
                {
                    await producer.AppendBatchAsync(Enumerable.Range(Before, After).Select(i => Record(i)).ToArray());
                    appended = true;
                }
            }
            catch (SourceUnavailableException)
            {
                await Task.Delay(20, Ct);
            }
        }

        Assert.Equal(Enumerable.Range(0, Before + After).Select(i => $"e-{i}"), read.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
        Assert.Equal(read.Count, read.Select(r => r.Offset).Distinct().Count());
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
    }

    private static RedisStreamsRecord Record(int i) => new("entity", Encoding.UTF8.GetBytes($"e-{i}"));
}
