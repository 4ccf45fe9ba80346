using Npgsql;
using NpgsqlTypes;
using StreamML.Core.Models;

namespace StreamML.Storage.Models;

/// <summary>
/// Model versions in one PostgreSQL table that every silo shares, <c>streamml_model_versions</c>, keyed by model and
/// version: the record and the artefact (<c>bytea</c>) written by one insert, and the current status beside them.
/// </summary>
/// <remarks>
/// Rows are inserted, never replaced (<c>ON CONFLICT DO NOTHING</c>): a version is whole or absent, and of two silos
/// saving the same version number exactly one succeeds. Only the status column is updated. The table is created on
/// first use when missing, so the connection's role needs the right to create it once.
/// </remarks>
public sealed class PostgresModelStore : SharedModelStore, IAsyncDisposable, IDisposable
{
    /// <summary>The table that holds the versions.</summary>
    public const string TableName = "streamml_model_versions";

    private const string CreateTable = $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            model text NOT NULL,
            version integer NOT NULL,
            record bytea NOT NULL,
            artifact bytea NOT NULL,
            status text NOT NULL,
            PRIMARY KEY (model, version))
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private bool _schemaReady;

    /// <summary>Creates the store from validated options; with a <paramref name="signer"/>, versions are signed and verified.</summary>
    public PostgresModelStore(PostgresModelStoreOptions options, ModelSigner? signer = null)
        : base(signer)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        _dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await CommandAsync($"SELECT DISTINCT model FROM {TableName}", cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var models = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(reader.GetString(0));
        }

        models.Sort(StringComparer.Ordinal);
        return models;
    }

    /// <inheritdoc />
    protected override async ValueTask<IReadOnlyList<ModelVersionRecord>> ReadRecordsAsync(string model, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"SELECT record, status FROM {TableName} WHERE model = $1", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ModelVersionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(WithStatus(reader, model));
        }

        return records;
    }

    /// <inheritdoc />
    protected override async ValueTask<(ModelVersionRecord Record, byte[]? Artifact)?> ReadVersionAsync(string model, int version, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"SELECT record, status, artifact FROM {TableName} WHERE model = $1 AND version = $2", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (WithStatus(reader, model), reader.GetFieldValue<byte[]>(2));
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> TryCreateAsync(ModelVersionRecord record, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"INSERT INTO {TableName} (model, version, record, artifact, status) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (model, version) DO NOTHING",
            cancellationToken);
        command.Parameters.Add(new NpgsqlParameter { Value = record.Info.Model });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Info.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Serialize(), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = artifact, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Info.Status.ToString() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> TryUpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"UPDATE {TableName} SET status = $3 WHERE model = $1 AND version = $2", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = status.ToString() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        return _dataSource.DisposeAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _schemaLock.Dispose();
        _dataSource.Dispose();
    }

    private static ModelVersionRecord WithStatus(NpgsqlDataReader reader, string model)
    {
        var record = ModelVersionRecord.Deserialize(reader.GetFieldValue<byte[]>(0), $"{TableName} ({model})");
        return Enum.TryParse<ModelStatus>(reader.GetString(1), out var status) ? record with { Info = record.Info with { Status = status } } : record;
    }

    private async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        return _dataSource.CreateCommand(sql);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _schemaReady))
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await using var command = _dataSource.CreateCommand(CreateTable);
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
                {
                    // Another silo created the table at the same moment (IF NOT EXISTS does not serialise concurrent creators).
                }

                Volatile.Write(ref _schemaReady, true);
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
