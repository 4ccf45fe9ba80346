using System.Collections.Concurrent;
using System.Globalization;

namespace StreamML.Core.Sources;

/// <summary>
/// Checkpoints held in memory, with the same conditional-write contract as the durable stores: for sources that are not
/// durable themselves (the HTTP ingest queue) and for tests.
/// </summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<(string Source, int Partition), CheckpointState> _states = new();

    /// <inheritdoc />
    public ValueTask<CheckpointState> LoadAsync(string source, int partition, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_states.GetValueOrDefault((source, partition)));

    /// <inheritdoc />
    public ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(source, partition, offset, position: null, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? position, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        var key = (source, partition);
        while (true)
        {
            var current = _states.GetValueOrDefault(key);
            if (!string.Equals(current.Version, expectedVersion, StringComparison.Ordinal))
            {
                throw new CheckpointConflictException($"checkpoint {source}/{partition} is at version {current.Version ?? "none"}, not {expectedVersion ?? "none"}") { Current = current };
            }

            var next = new CheckpointState(offset, ((current.Version is null ? 0 : long.Parse(current.Version, CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture)) { Position = position };
            var swapped = current.Version is null ? _states.TryAdd(key, next) : _states.TryUpdate(key, next, current);
            if (swapped)
            {
                return ValueTask.FromResult(next);
            }
        }
    }
}
