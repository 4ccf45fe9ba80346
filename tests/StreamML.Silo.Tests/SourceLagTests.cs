using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StreamML.Grains.Pumps;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;
using StreamML.Transports.RedisStreams;

namespace StreamML.Silo.Tests;

/// <summary>A silo's consumer lag: per partition on <c>/readyz</c>, and summed for the console line, from a real Redis source.</summary>
[Trait("Category", "Functional")]
public sealed class SourceLagTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Readyz_RedisSourceBehindItsCheckpoints_ShowsEachPartitionsLag()
    {
        var prefix = "lag-" + Guid.NewGuid().ToString("N");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var producer = new RedisStreamsProducer(connection, new RedisStreamsOptions { Partitions = 2, KeyPrefix = prefix });
        var written = await producer.AppendBatchAsync([.. Enumerable.Range(0, 60).Select(i => new RedisStreamsRecord($"meter-{i % 7}", Encoding.UTF8.GetBytes("{}")))]);
        var perPartition = Enumerable.Range(0, 2).Select(p => Enumerable.Range(0, 7).Where(e => producer.PartitionOf($"meter-{e}") == p).Sum(e => 60 / 7 + (e < 60 % 7 ? 1 : 0))).ToArray();

        // No checkpoint is written while the silo runs (an hour's interval), so each partition is behind by all it holds.
        await using var silo = await SiloHost.StartAsync(
            "StreamML:Source=RedisStreams",
            $"StreamML:Sources:RedisStreams:ConnectionString={redis.ConnectionString}",
            "StreamML:Sources:RedisStreams:Partitions=2",
            $"StreamML:Sources:RedisStreams:KeyPrefix={prefix}",
            "StreamML:Pump:CheckpointInterval=01:00:00");
        var monitor = silo.Services.GetRequiredService<SourceLagMonitor>();

        // The monitor measures on its own 5 s timer and signals nothing: this wait polls (bounded, 100 ms apart).
        JsonElement partitions = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var body = JsonDocument.Parse(await silo.Http.GetStringAsync("readyz", TestContext.Current.CancellationToken)).RootElement;
            partitions = body.GetProperty("partitions");
            if (partitions.GetArrayLength() == 2 && partitions.EnumerateArray().All(p => p.TryGetProperty("lag", out var lag) && lag.ValueKind == JsonValueKind.Number))
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(60, written.Count);
        Assert.Equal(perPartition, partitions.EnumerateArray().Select(p => p.GetProperty("lag").GetInt32()));
        Assert.Equal(60, monitor.Total);
    }
}
