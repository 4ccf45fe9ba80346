namespace StreamML.Core.Sources;

/// <summary>
/// An <see cref="IEventSource"/> that can tell how far behind a partition's checkpoint is: the consumer lag, which an
/// autoscaler watches to add silos before the platform falls further behind.
/// </summary>
public interface ILagSource
{
    /// <summary>
    /// The number of events in <paramref name="partition"/> after <paramref name="checkpoint"/> up to the log's end (all
    /// the partition holds when nothing is checkpointed); null when the source cannot tell right now. Safe to call while
    /// the partition's reader reads.
    /// </summary>
    /// <exception cref="SourceUnavailableException">The source cannot be reached.</exception>
    ValueTask<long?> GetLagAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default);
}
