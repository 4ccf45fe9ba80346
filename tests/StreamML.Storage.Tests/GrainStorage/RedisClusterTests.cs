using StackExchange.Redis;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.GrainStorage;

/// <summary>Orleans' own Redis grain storage and Redis clustering packages, on a real redis-server, wired by AddStreamMLStorage.</summary>
[Trait("Category", "Functional")]
public sealed class RedisClusterTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Cluster_RedisStorageAndRedisClustering_SilosJoinThroughRedisAndStateOutlivesTheCluster()
    {
        var settings = StorageClusters.Settings(
            ("StreamML:Storage:Provider", "Redis"),
            ("StreamML:Storage:Names:0", CounterGrain.StorageName),
            ("StreamML:Storage:Redis:ConnectionString", redis.ConnectionString),
            ("StreamML:Clustering:Provider", "Redis"),
            ("StreamML:Clustering:Redis:ConnectionString", redis.ConnectionString));

        var (count, note, exists, activeSilos) = await RealMembershipClusters.WriteThenReadInNewClusterAsync(settings, "redis-counter");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(redis.Endpoint);
        var keys = server.Keys(pattern: "*").Select(k => k.ToString()).ToArray();
        // Orleans' Redis membership keeps one hash per cluster: a "Version" field plus one field per silo.
        var membershipSizes = keys.Where(k => connection.GetDatabase().KeyType(k) == RedisType.Hash
                && connection.GetDatabase().HashKeys(k).Any(f => f.ToString() == "Version"))
            .Select(k => (int)connection.GetDatabase().HashLength(k)).Order().ToArray();

        Assert.Equal((3, "three", true), (count, note, exists));
        Assert.Equal(2, activeSilos);
        Assert.Contains(keys, k => k.Contains("redis-counter", StringComparison.Ordinal));
        Assert.Equal([2, 3], membershipSizes);
    }
}
