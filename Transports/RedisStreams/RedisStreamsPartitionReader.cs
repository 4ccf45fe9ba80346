using StackExchange.Redis;
using StreamML.Core.Sources;

namespace StreamML.Transports.RedisStreams;

/// <summary>
/// Reads one Redis stream in id order, remembering the last id it handed out and its offset: each entry is numbered
/// from the one before it (<see cref="RedisStreamOffsets.Next"/>), so every legal id moves the partition forward.
/// </summary>
internal sealed class RedisStreamsPartitionReader : IPartitionReader
{
    private readonly IDatabase _database;
    private readonly RedisKey _key;
    private readonly RedisStreamsOptions _options;
    private readonly TimeProvider _timeProvider;
    private RedisValue _lastId;
    private long _lastOffset;

    public RedisStreamsPartitionReader(IDatabase database, string key, int partition, string afterId, long afterOffset, RedisStreamsOptions options, TimeProvider timeProvider)
    {
        _database = database;
        _key = key;
        Partition = partition;
        _lastId = afterId;
        _lastOffset = afterOffset;
        _options = options;
        _timeProvider = timeProvider;
    }

    public int Partition { get; }

    public async ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _options.BatchSize);
        var entries = await ReadOnceAsync(count, cancellationToken);
        if (entries.Length == 0 && _options.PollInterval > TimeSpan.Zero)
        {
            await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken);
            entries = await ReadOnceAsync(count, cancellationToken);
        }

        var span = buffer.Span;
        var offset = _lastOffset;
        for (var i = 0; i < entries.Length; i++)
        {
            span[i] = ToRecord(entries[i], ref offset);
        }

        // Only now, with every entry converted, does the position move: a failure above re-reads the same entries.
        if (entries.Length > 0)
        {
            _lastId = entries[^1].Id;
            _lastOffset = offset;
        }

        return entries.Length;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<StreamEntry[]> ReadOnceAsync(int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await _database.StreamReadAsync(_key, _lastId, count);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException
                                   || (ex is RedisServerException server && IsTransient(server)))
        {
            throw new SourceUnavailableException($"Redis stream {_key} is unavailable: {ex.Message}", ex);
        }
    }

    // A restarted server answers LOADING while it replays its append-only file; a replica may be read-only or
    // have lost its primary. All pass without any action on our side.
    private static bool IsTransient(RedisServerException ex) =>
        ex.Message.StartsWith("LOADING", StringComparison.Ordinal)
        || ex.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
        || ex.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal);

    /// <summary>The record of <paramref name="entry"/>, numbered after <paramref name="offset"/>, which moves to its offset.</summary>
    internal static SourceRecord ToRecord(StreamEntry entry, ref long offset)
    {
        var data = entry[RecordFields.Data];
        var kind = entry[RecordFields.Kind];
        var id = (string)entry.Id!;
        offset = RedisStreamOffsets.Next(offset, id, out var exact);
        return new SourceRecord
        {
            Offset = offset,
            Position = exact ? null : id,
            // An entry without a payload still comes through (empty), so the pump dead-letters it instead of it vanishing.
            Payload = data.IsNull ? ReadOnlyMemory<byte>.Empty : (byte[])data!,
            IsLabel = kind == RecordFields.LabelKind,
        };
    }
}
