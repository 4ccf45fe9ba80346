using System.Collections.Concurrent;
using System.Globalization;
using StreamML.Core.Sources;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>
/// A source around another whose readers of <see cref="FailingPartition"/> throw a non-transient error on every
/// <see cref="FailEveryReads"/>th read until it threw the given number of errors, and whose records of that partition
/// carry a native position (<c>p-{offset}</c>), so a checkpoint must keep it and a reopened reader must be handed it back.
/// </summary>
internal sealed class FlakySource(IEventSource inner, int failures) : IEventSource
{
    private int _remaining = failures;

    public int FailingPartition { get; init; }

    public int FailEveryReads { get; init; } = 3;

    /// <summary>The checkpoints the failing partition was opened after, in order.</summary>
    public ConcurrentQueue<CheckpointState> Opened { get; } = new();

    public string Name => inner.Name;

    public static string PositionOf(long offset) => "p-" + offset.ToString(CultureInfo.InvariantCulture);

    public ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default) => inner.GetPartitionsAsync(cancellationToken);

    public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default) =>
        OpenAsync(partition, new CheckpointState(afterOffset, null), cancellationToken);

    public async ValueTask<IPartitionReader> OpenAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default)
    {
        var reader = await inner.OpenAsync(partition, checkpoint.Offset, cancellationToken);
        if (partition != FailingPartition)
        {
            return reader;
        }

        Opened.Enqueue(checkpoint);
        return new Reader(reader, this);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private bool TakeFailure() => Interlocked.Decrement(ref _remaining) >= 0;

    private sealed class Reader(IPartitionReader inner, FlakySource source) : IPartitionReader
    {
        private int _reads;

        public int Partition => inner.Partition;

        public async ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
        {
            if (++_reads % source.FailEveryReads == 0 && source.TakeFailure())
            {
                throw new InvalidOperationException("injected: the reader broke");
            }

            var n = await inner.ReadAsync(buffer, cancellationToken);
            var span = buffer.Span;
            for (var i = 0; i < n; i++)
            {
                span[i] = span[i] with { Position = PositionOf(span[i].Offset) };
            }

            return n;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
