using System.Globalization;
using StackExchange.Redis;
using StreamML.Core.Sources;

namespace StreamML.Transports.RedisStreams;

/// <summary>
/// Redis Streams as an <see cref="IEventSource"/>: partition <c>p</c> is the stream <c>{KeyPrefix}:{p}</c>, offsets
/// are entry ids numbered by <see cref="RedisStreamOffsets.Next"/>; where an offset is not an id's exact encoding, the
/// record carries the id as its position and the reader reopens after it.
/// </summary>
/// <remarks>
/// Readers use non-blocking <c>XREAD COUNT n</c> over the shared multiplexer and, when a stream is empty, wait one
/// <see cref="RedisStreamsOptions.PollInterval"/> and look once more. StackExchange.Redis does not support
/// <c>BLOCK</c> on a multiplexer, and a blocking connection per partition would cost a socket per partition and
/// per silo for a latency gain of at most one poll interval on idle streams; busy streams never wait.
/// </remarks>
public sealed partial class RedisStreamsSource : IEventSource, ILagSource
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly RedisStreamsOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a source over a connection the caller owns.</summary>
    public RedisStreamsSource(IConnectionMultiplexer redis, RedisStreamsOptions options, TimeProvider? timeProvider = null)
        : this(redis, options, timeProvider, ownsConnection: false)
    {
    }

    /// <summary>Creates a source over a connection it disposes with itself when <paramref name="ownsConnection"/> is set.</summary>
    public RedisStreamsSource(IConnectionMultiplexer redis, RedisStreamsOptions options, TimeProvider? timeProvider, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsConnection = ownsConnection;
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <summary>Connects to <see cref="RedisStreamsOptions.ConnectionString"/> and creates a source that owns the connection.</summary>
    /// <exception cref="SourceUnavailableException">Redis cannot be reached.</exception>
    public static async Task<RedisStreamsSource> ConnectAsync(RedisStreamsOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options.ConnectionString);
            return new RedisStreamsSource(redis, options, timeProvider, ownsConnection: true);
        }
        catch (RedisConnectionException ex)
        {
            throw new SourceUnavailableException($"Redis source '{options.Name}' cannot connect: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<int>>(Enumerable.Range(0, _options.Partitions).ToArray());

    /// <inheritdoc />
    public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default) =>
        OpenAsync(partition, new CheckpointState(afterOffset, null), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The checkpoint's position is not a stream id, or it has one but no offset.</exception>
    public ValueTask<IPartitionReader> OpenAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default)
    {
        var key = _options.KeyOf(partition);
        string after;
        if (checkpoint.Position is { } position)
        {
            after = RedisStreamOffsets.IsId(position) && checkpoint.Offset is not null
                ? position
                : throw new InvalidDataException($"checkpoint of {Name}/{partition} names position '{position}' at offset {checkpoint.Offset?.ToString(CultureInfo.InvariantCulture) ?? "none"}, which is not a stream id after an offset");
        }
        else
        {
            after = checkpoint.Offset is { } offset ? RedisStreamOffsets.ToId(offset) : "0-0";
        }

#pragma warning disable CA2000 // The reader goes to the caller, who disposes it.
        return ValueTask.FromResult<IPartitionReader>(
            new RedisStreamsPartitionReader(_redis.GetDatabase(), key, partition, after, checkpoint.Offset ?? -1, _options, _timeProvider));
#pragma warning restore CA2000
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _redis.DisposeAsync();
        }
    }
}
