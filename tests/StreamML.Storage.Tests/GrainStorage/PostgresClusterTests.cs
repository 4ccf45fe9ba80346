using Npgsql;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.GrainStorage;

/// <summary>
/// Orleans' own ADO.NET grain storage and clustering packages on a real PostgreSQL, over StreamML's schema
/// (<see cref="PostgresOrleansSchema"/>), wired by AddStreamMLStorage.
/// </summary>
[Trait("Category", "Functional")]
public sealed class PostgresClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cluster_AdoNetStorageAndClustering_SilosJoinThroughPostgresAndStateOutlivesTheCluster()
    {
        var settings = StorageClusters.Settings(
            ("StreamML:Storage:Provider", "AdoNet"),
            ("StreamML:Storage:Names:0", CounterGrain.StorageName),
            ("StreamML:Storage:AdoNet:ConnectionString", postgres.ConnectionString),
            ("StreamML:Storage:AdoNet:ApplySchema", "true"),
            ("StreamML:Clustering:Provider", "AdoNet"),
            ("StreamML:Clustering:AdoNet:ConnectionString", postgres.ConnectionString));

        var (count, note, exists, activeSilos) = await RealMembershipClusters.WriteThenReadInNewClusterAsync(settings, "pg-counter");

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        var membersPerCluster = new List<long>();
        await using (var members = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable GROUP BY DeploymentId ORDER BY 1", connection))
        await using (var reader = await members.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                membersPerCluster.Add(reader.GetInt64(0));
            }
        }

        await using var rows = new NpgsqlCommand("SELECT Version FROM OrleansStorage WHERE GrainIdExtensionString LIKE '%pg-counter%' AND PayloadBinary IS NOT NULL", connection);
        var version = (int)(await rows.ExecuteScalarAsync(Ct))!;

        Assert.Equal((3, "three", true), (count, note, exists));
        Assert.Equal(2, activeSilos);
        Assert.Equal([1L, 2L], membersPerCluster);
        Assert.Equal(3, version);
    }

    [Fact]
    public async Task Schema_AppliedTwice_IsIdempotent()
    {
        await PostgresOrleansSchema.ApplyAsync(postgres.ConnectionString, Ct);
        await PostgresOrleansSchema.ApplyAsync(postgres.ConnectionString, Ct);

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery", connection);
        Assert.Equal(13L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }
}
