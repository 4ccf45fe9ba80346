using Npgsql;
using StreamML.Core.Models;
using StreamML.Storage.Models;

namespace StreamML.Storage.Tests.ModelStores;

/// <summary>The PostgreSQL model store on a PostgreSQL of the test's own.</summary>
[Trait("Category", "Functional")]
public sealed class PostgresModelStoreTests(PostgresFixture postgres) : ModelStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncDisposable
{
    private readonly List<PostgresModelStore> _stores = [];

    protected override IModelStore CreateStore(ModelSigner? signer = null)
    {
        var store = new PostgresModelStore(new PostgresModelStoreOptions { ConnectionString = postgres.ConnectionString }, signer);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    protected override async Task DamageArtifactAsync(string model, int version, byte[] replacement)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var update = new NpgsqlCommand($"UPDATE {PostgresModelStore.TableName} SET artifact = $3 WHERE model = $1 AND version = $2", connection)
        {
            Parameters = { new() { Value = model }, new() { Value = version }, new() { Value = replacement } },
        };
        Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
    }

    [Fact]
    public void Options_MissingOrUnreadableConnection_IsAProblem()
    {
        Assert.Contains("StreamML:Model:Store:PostgreSql:ConnectionString is required.", new PostgresModelStoreOptions().Validate());
        Assert.Single(new PostgresModelStoreOptions { ConnectionString = "Host=127.0.0.1;Bogus Keyword=1" }.Validate());
        Assert.Empty(new PostgresModelStoreOptions { ConnectionString = postgres.ConnectionString }.Validate());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
