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

    /// <summary>
    /// Writes <paramref name="offset"/> as <see cref="WriteAsync(string, int, long, string?, CancellationToken)"/> does,
    /// together with <paramref name="position"/>, the source's native position of that offset when the offset alone
    /// cannot name it (null: it can); <see cref="CheckpointState.Position"/> gives it back.
    /// </summary>
    /// <remarks>
    /// The platform's stores all keep positions. A store that keeps offsets only takes a null position and refuses any
    /// other, so a pump never resumes from a position its store silently dropped.
    /// </remarks>
    /// <exception cref="CheckpointConflictException">Another writer changed the checkpoint first; it was not overwritten.</exception>
    /// <exception cref="NotSupportedException">The store keeps offsets only and <paramref name="position"/> is not null.</exception>
    ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? position, string? expectedVersion, CancellationToken cancellationToken = default) =>
        position is null
            ? WriteAsync(source, partition, offset, expectedVersion, cancellationToken)
            : throw new NotSupportedException($"Checkpoint store {GetType().Name} keeps offsets only; {source}/{partition} needs its native position '{position}' kept.");
}
