namespace StreamML.Core.Sources;

/// <summary>
/// Durable per-partition read positions with optimistic concurrency: a write names the version it expects to
/// replace, so two owners of one partition cannot silently overwrite each other.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Reads the checkpoint of a partition; <see cref="CheckpointState.None"/> when there is none.</summary>
    ValueTask<CheckpointState> LoadAsync(string source, int partition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="offset"/> (the last offset whose effects are durable) if the stored version is still
    /// <paramref name="expectedVersion"/> (null: no checkpoint exists yet), and returns the new state.
    /// </summary>
    /// <exception cref="CheckpointConflictException">Another writer changed the checkpoint first; it was not overwritten.</exception>
    ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? expectedVersion, CancellationToken cancellationToken = default);
}
