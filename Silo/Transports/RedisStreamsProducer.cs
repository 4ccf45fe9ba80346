using StackExchange.Redis;
using StreamML.Core.Hashing;

namespace StreamML.Silo.Transports;

/// <summary>
/// Appends events and labels to the partitioned Redis streams a <see cref="RedisStreamsSource"/> reads: the partition
/// is <see cref="EntityHash.Partition"/> of the entity, and a batch is sent pipelined (all <c>XADD</c>s in one go).
/// </summary>
public sealed class RedisStreamsProducer
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStreamsOptions _options;

    /// <summary>Creates a producer over a connection the caller owns.</summary>
    public RedisStreamsProducer(IConnectionMultiplexer redis, RedisStreamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options;
    }

    /// <summary>The partition <paramref name="entity"/> belongs to.</summary>
    public int PartitionOf(string entity) => EntityHash.Partition(entity, _options.Partitions);

    /// <summary>Appends one record and returns its partition and offset.</summary>
    public async Task<(int Partition, long Offset)> AppendAsync(string entity, ReadOnlyMemory<byte> payload, bool isLabel = false)
    {
        var written = await AppendBatchAsync([new RedisStreamsRecord(entity, payload, isLabel)]);
        return written[0];
    }

    /// <summary>
    /// Appends <paramref name="records"/> pipelined and returns each one's partition and offset, in input order.
    /// Records of one entity keep their relative order (same partition, sent in order on one connection).
    /// </summary>
    public async Task<IReadOnlyList<(int Partition, long Offset)>> AppendBatchAsync(IReadOnlyList<RedisStreamsRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var database = _redis.GetDatabase();
        var batch = database.CreateBatch();
        var partitions = new int[records.Count];
        var pending = new Task<RedisValue>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            ArgumentException.ThrowIfNullOrEmpty(record.Entity);
            partitions[i] = PartitionOf(record.Entity);
            NameValueEntry[] fields =
            [
                new(RedisStreamFields.Data, record.Payload),
                new(RedisStreamFields.Kind, record.IsLabel ? RedisStreamFields.LabelKind : RedisStreamFields.EventKind),
            ];
            pending[i] = batch.StreamAddAsync(
                _options.KeyOf(partitions[i]), fields, messageId: null,
                maxLength: _options.MaxStreamLength, useApproximateMaxLength: _options.MaxStreamLength is not null);
        }

        batch.Execute();
        var ids = await Task.WhenAll(pending);
        var result = new (int, long)[records.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            result[i] = (partitions[i], RedisStreamOffsets.ToOffset(ids[i]!));
        }

        return result;
    }
}

/// <summary>One record for <see cref="RedisStreamsProducer"/>.</summary>
/// <param name="Entity">The entity (partition key).</param>
/// <param name="Payload">The event or label JSON, UTF-8.</param>
/// <param name="IsLabel">Whether the payload is a label.</param>
public readonly record struct RedisStreamsRecord(string Entity, ReadOnlyMemory<byte> Payload, bool IsLabel = false);
