using Npgsql;

namespace StreamML.Storage;

/// <summary>
/// Creates the tables and stored queries the Orleans ADO.NET clustering and persistence providers need on a
/// PostgreSQL database. The Orleans 10.4.2 NuGet packages do not carry their SQL scripts, so StreamML ships its own
/// (embedded <c>Storage/Sql/postgresql-orleans.sql</c>); it is idempotent and safe to apply at every start.
/// </summary>
public static class PostgresOrleansSchema
{
    /// <summary>The ADO.NET invariant name the Orleans providers use for PostgreSQL.</summary>
    public const string Invariant = "Npgsql";

    private const string ResourceName = "StreamML.Storage.Sql.postgresql-orleans.sql";

    // Any constant works: it only keeps two silos starting at once from creating the same tables concurrently.
    private const long AdvisoryLockKey = 0x5354_524D_4C4F_524C;

    /// <summary>The schema script.</summary>
    public static string Script
    {
        get
        {
            using var stream = typeof(PostgresOrleansSchema).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Applies the schema to the database <paramref name="connectionString"/> names.</summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var schema = new NpgsqlCommand(Script, connection, transaction))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
