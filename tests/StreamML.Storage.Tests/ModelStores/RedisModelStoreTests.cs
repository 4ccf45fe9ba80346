using StackExchange.Redis;
using StreamML.Core.Models;
using StreamML.Storage.Models;

namespace StreamML.Storage.Tests.ModelStores;

/// <summary>The Redis model store on a redis-server of the test's own.</summary>
[Trait("Category", "Functional")]
public sealed class RedisModelStoreTests(RedisServerFixture redis) : ModelStoreConformanceTests, IClassFixture<RedisServerFixture>, IAsyncDisposable
{
    private const string Prefix = "test:models";
    private ConnectionMultiplexer? _connection;

    // Eight racing transactions on a busy machine with fsync on every write: the fixture's 2 s timeouts are too tight.
    private ConnectionMultiplexer Connection => _connection ??= ConnectionMultiplexer.Connect(redis.ConnectionString + ",syncTimeout=15000,asyncTimeout=15000");

    protected override IModelStore CreateStore(ModelSigner? signer = null) => new RedisModelStore(Connection, Prefix, signer);

    protected override Task DamageArtifactAsync(string model, int version, byte[] replacement) =>
        Connection.GetDatabase().StringSetAsync($"{Prefix}:{{{model}}}:v{version:D6}:artifact", replacement);

    [Fact]
    public void Options_MissingConnectionOrBracedPrefix_IsAProblem()
    {
        var failures = new RedisModelStoreOptions { KeyPrefix = "a{b}" }.Validate();

        Assert.Equal(2, failures.Count);
        Assert.Contains("StreamML:Model:Store:Redis:ConnectionString is required.", failures);
        Assert.Empty(new RedisModelStoreOptions { ConnectionString = redis.ConnectionString }.Validate());
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
