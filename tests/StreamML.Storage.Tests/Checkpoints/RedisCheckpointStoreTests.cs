using StackExchange.Redis;
using StreamML.Core.Sources;

namespace StreamML.Storage.Tests.Checkpoints;

[Trait("Category", "Functional")]
public sealed class RedisCheckpointStoreTests(RedisServerFixture redis) : CheckpointStoreConformanceTests, IClassFixture<RedisServerFixture>, IAsyncDisposable
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    protected override async Task<ICheckpointStore> CreateStoreAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _connections.Add(connection);
        return new RedisCheckpointStore(connection);
    }

    protected override Task RestartBackendAsync() => redis.RestartAsync();

    [Fact]
    public async Task WriteAsync_StoresDocumentedHashLayout()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _connections.Add(connection);
        var store = new RedisCheckpointStore(connection, "layout");

        await store.WriteAsync("meters", 7, 123, null, Ct);

        var hash = await connection.GetDatabase().HashGetAllAsync("layout:meters:checkpoint:7");
        Assert.Equal("123", hash.Single(e => e.Name == "offset").Value.ToString());
        Assert.Equal("1", hash.Single(e => e.Name == "version").Value.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
