namespace StreamML.Core.Sources;

/// <summary>Reads one partition of an <see cref="IEventSource"/> in offset order.</summary>
public interface IPartitionReader : IAsyncDisposable
{
    /// <summary>The partition this reader owns.</summary>
    int Partition { get; }

    /// <summary>
    /// Fills <paramref name="buffer"/> with the next records and returns how many were written. Returns 0 when none
    /// arrived within the source's poll interval; returns -1 when the partition has ended (finite sources only).
    /// </summary>
    /// <exception cref="SourceUnavailableException">The source cannot be reached; the caller backs off and retries.</exception>
    ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default);
}
