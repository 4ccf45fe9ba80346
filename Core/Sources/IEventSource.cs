namespace StreamML.Core.Sources;

/// <summary>
/// A partitioned log of events: the built-in generator, Redis Streams, Kafka and Event Hubs all sit behind it.
/// </summary>
/// <remarks>
/// A partition is read by one reader at a time, owned by one silo. Offsets are longs that only grow within a
/// partition, so entities can skip replays by remembering the highest offset applied per partition.
/// </remarks>
public interface IEventSource : IAsyncDisposable
{
    /// <summary>The source's name, used in checkpoints, metrics and dead-letter records.</summary>
    string Name { get; }

    /// <summary>Lists the partitions of the source.</summary>
    ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a reader on <paramref name="partition"/> that starts after <paramref name="afterOffset"/> (null: from the beginning).</summary>
    ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a reader on <paramref name="partition"/> that starts after <paramref name="checkpoint"/>: its offset, or its
    /// <see cref="CheckpointState.Position"/> for a source whose offsets cannot name every position (Redis Streams).
    /// </summary>
    ValueTask<IPartitionReader> OpenAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default) =>
        OpenAsync(partition, checkpoint.Offset, cancellationToken);
}
