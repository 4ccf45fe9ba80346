using Npgsql;
using NpgsqlTypes;

namespace StreamML.Storage.Tests.GrainStorage;

/// <summary>
/// The stored queries' optimistic-concurrency contract, executed the way the Orleans ADO.NET providers execute them
/// (looked up by key, named parameters): a stale version must change nothing and report failure.
/// </summary>
[Trait("Category", "Functional")]
public sealed class PostgresOrleansSchemaTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteToStorage_CreateUpdateAndStaleWrites_FollowVersionRules()
    {
        await using var connection = await OpenAsync();
        var write = await QueryAsync(connection, "WriteToStorageKey");
        var key = Guid.NewGuid().ToString("N");

        var created = await WriteAsync(connection, write, key, version: null, payload: [1]);
        var duplicateCreate = await WriteAsync(connection, write, key, version: null, payload: [2]);
        var updated = await WriteAsync(connection, write, key, version: 1, payload: [3]);
        var stale = await WriteAsync(connection, write, key, version: 1, payload: [4]);

        Assert.Equal(1, created);
        Assert.Null(duplicateCreate);
        Assert.Equal(2, updated);
        Assert.Null(stale);
        await using var read = new NpgsqlCommand("SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString = @k", connection);
        read.Parameters.AddWithValue("k", key);
        Assert.Equal(new byte[] { 3 }, (byte[])(await read.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task InsertMembership_StaleTableVersion_InsertsNothing()
    {
        await using var connection = await OpenAsync();
        var deployment = "d-" + Guid.NewGuid().ToString("N")[..8];
        var insertVersion = await QueryAsync(connection, "InsertMembershipVersionKey");
        var insert = await QueryAsync(connection, "InsertMembershipKey");

        var versionRow = await ScalarAsync(connection, insertVersion, ("DeploymentId", deployment));
        var versionRowAgain = await ScalarAsync(connection, insertVersion, ("DeploymentId", deployment));
        var first = await ScalarAsync(connection, insert, Member(deployment, port: 11111, version: 0));
        var stale = await ScalarAsync(connection, insert, Member(deployment, port: 11112, version: 0));
        var next = await ScalarAsync(connection, insert, Member(deployment, port: 11112, version: 1));

        Assert.Equal([1, 0, 1, 0, 1], new[] { versionRow, versionRowAgain, first, stale, next });
    }

    private static (string, object?)[] Member(string deployment, int port, int version) =>
    [
        ("DeploymentId", deployment), ("Address", "127.0.0.1"), ("Port", port), ("Generation", 7), ("SiloName", "s"),
        ("HostName", "h"), ("Status", 3), ("ProxyPort", 30000), ("StartTime", new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc)),
        ("IAmAliveTime", new DateTime(2026, 11, 25, 0, 0, 1, DateTimeKind.Utc)), ("Version", version),
    ];

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task<string> QueryAsync(NpgsqlConnection connection, string key)
    {
        await using var command = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k", connection);
        command.Parameters.AddWithValue("k", key);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<int?> WriteAsync(NpgsqlConnection connection, string sql, string key, int? version, byte[] payload)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("GrainIdHash", 1);
        command.Parameters.AddWithValue("GrainIdN0", 2L);
        command.Parameters.AddWithValue("GrainIdN1", 3L);
        command.Parameters.AddWithValue("GrainTypeHash", 4);
        command.Parameters.AddWithValue("GrainTypeString", "counter");
        command.Parameters.AddWithValue("GrainIdExtensionString", key);
        command.Parameters.AddWithValue("ServiceId", "svc");
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
        command.Parameters.AddWithValue("PayloadBinary", payload);
        var result = await command.ExecuteScalarAsync(Ct);
        return result is DBNull or null ? null : (int)result;
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return (int)(await command.ExecuteScalarAsync(Ct))!;
    }
}
