using StackExchange.Redis;
using StreamML.Core.Hashing;

namespace StreamML.Transports.RedisStreams;

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
                new(RecordFields.Data, record.Payload),
                new(RecordFields.Kind, record.IsLabel ? RecordFields.LabelKind : RecordFields.EventKind),
            ];
            pending[i] = batch.StreamAddAsync(
                _options.KeyOf(partitions[i]), fields, messageId: record.Id is { } id ? (RedisValue?)id : null,
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

    /// <summary>
    /// Appends <paramref name="records"/>, each under its explicit <see cref="RedisStreamsRecord.Id"/>, so that sending
    /// a batch again (after a lost reply or a server restart) writes each entry at most once: Redis refuses an id that
    /// is not above its stream's top, and a refused record whose id is in the stream counts as already written.
    /// </summary>
    /// <exception cref="ArgumentException">A record has no id.</exception>
    /// <exception cref="InvalidOperationException">An id was refused and is not in its stream: the stream holds later
    /// entries that did not come from this sequence of ids.</exception>
    public async Task<IReadOnlyList<RedisStreamsAppend>> AppendIdempotentBatchAsync(IReadOnlyList<RedisStreamsRecord> records)
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
            if (string.IsNullOrEmpty(record.Id))
            {
                throw new ArgumentException($"record {i} has no explicit stream id", nameof(records));
            }

            partitions[i] = PartitionOf(record.Entity);
            NameValueEntry[] fields =
            [
                new(RecordFields.Data, record.Payload),
                new(RecordFields.Kind, record.IsLabel ? RecordFields.LabelKind : RecordFields.EventKind),
            ];

            // No trimming here: a trimmed entry could not be told from one never written.
            pending[i] = batch.StreamAddAsync(_options.KeyOf(partitions[i]), fields, messageId: record.Id);
        }

        batch.Execute();
        var result = new RedisStreamsAppend[records.Count];
        List<int>? refused = null;
        for (var i = 0; i < pending.Length; i++)
        {
            try
            {
                var id = await pending[i];
                result[i] = new RedisStreamsAppend(partitions[i], RedisStreamOffsets.ToOffset(id!), AlreadyWritten: false);
            }
            catch (RedisServerException ex) when (ex.Message.Contains("equal or smaller", StringComparison.Ordinal))
            {
                (refused ??= []).Add(i);
            }
        }

        if (refused is not null)
        {
            var lookups = refused.Select(i => database.StreamRangeAsync(_options.KeyOf(partitions[i]), records[i].Id, records[i].Id, count: 1)).ToArray();
            var found = await Task.WhenAll(lookups);
            for (var k = 0; k < refused.Count; k++)
            {
                var i = refused[k];
                if (found[k].Length == 0)
                {
                    throw new InvalidOperationException(
                        $"stream {_options.KeyOf(partitions[i])} refused id {records[i].Id} and does not hold it: it has later entries this producer did not write");
                }

                result[i] = new RedisStreamsAppend(partitions[i], RedisStreamOffsets.ToOffset(records[i].Id!), AlreadyWritten: true);
            }
        }

        return result;
    }
}

/// <summary>Where <see cref="RedisStreamsProducer.AppendIdempotentBatchAsync"/> put one record.</summary>
/// <param name="Partition">The record's partition.</param>
/// <param name="Offset">The record's offset (its stream id).</param>
/// <param name="AlreadyWritten">Whether the entry was in the stream before this call (an earlier send wrote it).</param>
public readonly record struct RedisStreamsAppend(int Partition, long Offset, bool AlreadyWritten);

/// <summary>One record for <see cref="RedisStreamsProducer"/>.</summary>
/// <param name="Entity">The entity (partition key).</param>
/// <param name="Payload">The event or label JSON, UTF-8.</param>
/// <param name="IsLabel">Whether the payload is a label.</param>
public readonly record struct RedisStreamsRecord(string Entity, ReadOnlyMemory<byte> Payload, bool IsLabel = false)
{
    /// <summary>The stream entry id (<c>ms-seq</c>) to write the record under, or null to let Redis assign one.</summary>
    public string? Id { get; init; }
}
