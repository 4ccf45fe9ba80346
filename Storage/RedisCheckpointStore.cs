using System.Globalization;
using StackExchange.Redis;
using StreamML.Core.Sources;

namespace StreamML.Storage;

/// <summary>
/// Checkpoints in Redis: one hash per partition, <c>{prefix}:{source}:checkpoint:{partition}</c>, with fields
/// <c>offset</c>, <c>version</c> (a write counter) and, when the offset alone cannot name it, the source's native
/// <c>position</c>. The compare-and-set runs as one Lua script, so it is atomic on
/// the server whatever the number of writers.
/// </summary>
/// <remarks>
/// Connection failures surface as StackExchange.Redis exceptions (<see cref="RedisConnectionException"/>,
/// <see cref="RedisTimeoutException"/>); nothing is written then. Keeping offsets from going backwards is the
/// caller's rule, not the store's.
/// </remarks>
public sealed class RedisCheckpointStore : ICheckpointStore
{
    // KEYS[1] = hash; ARGV[1] = expected version ('' = none stored); ARGV[2] = offset; ARGV[3] = position ('' = none).
    // Returns {1, newVersion, offset, position} on success, {0, storedVersion|nil, storedOffset|nil, storedPosition|nil}
    // on a conflict.
    private const string CompareAndSetScript = """
        local stored = redis.call('HGET', KEYS[1], 'version')
        if (stored or '') ~= ARGV[1] then
          return {0, stored, redis.call('HGET', KEYS[1], 'offset'), redis.call('HGET', KEYS[1], 'position')}
        end
        local nextVersion = tostring((tonumber(stored) or 0) + 1)
        redis.call('HSET', KEYS[1], 'offset', ARGV[2], 'version', nextVersion)
        if ARGV[3] == '' then
          redis.call('HDEL', KEYS[1], 'position')
        else
          redis.call('HSET', KEYS[1], 'position', ARGV[3])
        end
        return {1, nextVersion, ARGV[2], ARGV[3]}
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly int _database;

    /// <summary>Creates the store over a connection.</summary>
    /// <param name="redis">The connection (shared; not owned by the store).</param>
    /// <param name="keyPrefix">The first segment of every key.</param>
    /// <param name="database">The Redis database number; -1 is the connection's default.</param>
    public RedisCheckpointStore(IConnectionMultiplexer redis, string keyPrefix = "streamml", int database = -1)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        _redis = redis;
        _prefix = keyPrefix;
        _database = database;
    }

    /// <summary>The key of the checkpoint of <paramref name="source"/>/<paramref name="partition"/>.</summary>
    public string KeyOf(string source, int partition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return string.Create(CultureInfo.InvariantCulture, $"{_prefix}:{source}:checkpoint:{partition}");
    }

    /// <inheritdoc />
    public async ValueTask<CheckpointState> LoadAsync(string source, int partition, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await _redis.GetDatabase(_database).HashGetAsync(KeyOf(source, partition), ["offset", "version", "position"]);
        return ToState(values[0], values[1], values[2]);
    }

    /// <inheritdoc />
    public ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(source, partition, offset, position: null, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? position, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (position is { Length: 0 })
        {
            throw new ArgumentException("a checkpoint position is not empty", nameof(position));
        }

        var key = KeyOf(source, partition);
        var result = (RedisResult[])(await _redis.GetDatabase(_database).ScriptEvaluateAsync(
            CompareAndSetScript,
            [key],
            [expectedVersion ?? string.Empty, offset.ToString(CultureInfo.InvariantCulture), position ?? string.Empty]))!;
        var state = ToState((RedisValue)result[2], (RedisValue)result[1], (RedisValue)result[3]);
        if ((long)result[0] == 1)
        {
            return state;
        }

        throw new CheckpointConflictException(
            $"Checkpoint {key} is at version '{state.Version ?? "none"}', not the expected '{expectedVersion ?? "none"}'; it was not overwritten.")
        {
            Current = state,
        };
    }

    private static CheckpointState ToState(RedisValue offset, RedisValue version, RedisValue position) =>
        version.IsNull
            ? CheckpointState.None
            : new CheckpointState(long.Parse((string)offset!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), (string)version!)
            {
                Position = position.IsNullOrEmpty ? null : (string)position!,
            };
}
