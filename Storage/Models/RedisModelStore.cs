using StackExchange.Redis;
using StreamML.Core.Models;

namespace StreamML.Storage.Models;

/// <summary>
/// Model versions in Redis, shared by every silo: per model, <c>{prefix}:{model}:v000001</c> (the model name in
/// braces, as a hash tag) holds the version's record and <c>…:v000001:artifact</c> its artefact, <c>…:versions</c>
/// the version numbers and <c>…:status</c> (a hash) each version's current status; <c>{prefix}:models</c> names the
/// models.
/// </summary>
/// <remarks>
/// A version is written in one MULTI/EXEC that holds only while its record key does not exist, and sets it with
/// <c>SET NX</c>: a version is whole or absent, never overwritten, and of two silos saving the same number exactly one
/// succeeds. A model's keys share a hash slot (the model name is the hash tag), so this also holds on Redis Cluster.
/// Give the server persistence (AOF) it can be trusted with: the versions live nowhere else.
/// </remarks>
public sealed class RedisModelStore : SharedModelStore, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly bool _ownsConnection;

    /// <summary>Creates the store over <paramref name="redis"/>; with <paramref name="ownsConnection"/>, disposing the store closes it.</summary>
    public RedisModelStore(IConnectionMultiplexer redis, string keyPrefix = "streamml:models", ModelSigner? signer = null, bool ownsConnection = false)
        : base(signer)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        _redis = redis;
        _prefix = keyPrefix;
        _ownsConnection = ownsConnection;
    }

    private IDatabase Db => _redis.GetDatabase();

    private RedisKey ModelsKey => $"{_prefix}:models";

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var names = await Db.SetMembersAsync(ModelsKey);
        var models = new List<string>();
        foreach (var name in names.Select(n => n.ToString()))
        {
            // A model is listed before its first version is written: list it only once that version exists.
            if (FileModelStore.IsValidName(name) && await Db.SetLengthAsync(VersionsKey(name)) > 0)
            {
                models.Add(name);
            }
        }

        models.Sort(StringComparer.Ordinal);
        return models;
    }

    /// <inheritdoc />
    protected override async ValueTask<IReadOnlyList<ModelVersionRecord>> ReadRecordsAsync(string model, CancellationToken cancellationToken)
    {
        var versions = (await Db.SetMembersAsync(VersionsKey(model))).Select(v => (int)v).ToArray();
        if (versions.Length == 0)
        {
            return [];
        }

        var values = await Db.StringGetAsync([.. versions.Select(v => RecordKey(model, v))]);
        var statuses = (await Db.HashGetAllAsync(StatusKey(model))).ToDictionary(e => (int)e.Name, e => e.Value.ToString());
        var records = new List<ModelVersionRecord>();
        for (var i = 0; i < versions.Length; i++)
        {
            if (!values[i].IsNull)
            {
                records.Add(WithStatus(model, versions[i], values[i], statuses.GetValueOrDefault(versions[i])));
            }
        }

        return records;
    }

    /// <inheritdoc />
    protected override async ValueTask<(ModelVersionRecord Record, byte[]? Artifact)?> ReadVersionAsync(string model, int version, CancellationToken cancellationToken)
    {
        var values = await Db.StringGetAsync([RecordKey(model, version), ArtifactKey(model, version)]);
        if (values[0].IsNull)
        {
            return null;
        }

        var status = await Db.HashGetAsync(StatusKey(model), version);
        return (WithStatus(model, version, values[0], status.IsNull ? null : status.ToString()), values[1].IsNull ? null : (byte[])values[1]!);
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> TryCreateAsync(ModelVersionRecord record, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken)
    {
        var model = record.Info.Model;
        var version = record.Info.Version;
        await Db.SetAddAsync(ModelsKey, model);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(RecordKey(model, version)));
        _ = transaction.StringSetAsync(ArtifactKey(model, version), artifact);
        _ = transaction.HashSetAsync(StatusKey(model), version, record.Info.Status.ToString());
        _ = transaction.SetAddAsync(VersionsKey(model), version);
        _ = transaction.StringSetAsync(RecordKey(model, version), record.Serialize(), when: When.NotExists);
        return await transaction.ExecuteAsync();
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> TryUpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(RecordKey(model, version)));
        _ = transaction.HashSetAsync(StatusKey(model), version, status.ToString());
        return await transaction.ExecuteAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _redis.Dispose();
        }
    }

    private static ModelVersionRecord WithStatus(string model, int version, RedisValue value, string? status)
    {
        var record = ModelVersionRecord.Deserialize((byte[])value!, $"model '{model}' version {version}");
        return Enum.TryParse<ModelStatus>(status, out var current) ? record with { Info = record.Info with { Status = current } } : record;
    }

    private string ModelKey(string model) => $"{_prefix}:{{{model}}}";

    private RedisKey VersionsKey(string model) => ModelKey(model) + ":versions";

    private RedisKey StatusKey(string model) => ModelKey(model) + ":status";

    private RedisKey RecordKey(string model, int version) => $"{ModelKey(model)}:{VersionKey(version)}";

    private RedisKey ArtifactKey(string model, int version) => $"{ModelKey(model)}:{VersionKey(version)}:artifact";
}
