using StreamML.Core.Sources;

namespace StreamML.Core.Generator;

/// <summary>
/// The built-in generator behind the same <see cref="IEventSource"/> as every log: deterministic records per
/// partition, paced in real time by a <see cref="TimeProvider"/> (or unthrottled), rewindable to any offset.
/// </summary>
public sealed class GeneratorSource : IEventSource
{
    private readonly SyntheticWorld _world;
    private readonly TimeProvider _time;
    private readonly long _startTicks;

    /// <summary>Creates the generator.</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public GeneratorSource(GeneratorOptions options, TimeProvider timeProvider, string name = "generator")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        Name = name;
        _time = timeProvider;
        _world = new SyntheticWorld(options);
        _startTicks = (options.StartTime ?? timeProvider.GetUtcNow()).UtcTicks;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Event time of the first event (UTC ticks).</summary>
    public long StartTicks => _startTicks;

    /// <summary>The options the generator runs with.</summary>
    public GeneratorOptions Options => _world.Options;

    /// <summary>Events the given partition produces in all (long.MaxValue for an endless stream).</summary>
    public long EventsIn(int partition) => new SyntheticPartition(_world, partition, _startTicks).MaxEvents;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<int>>(Enumerable.Range(0, _world.Options.Partitions).ToArray());

    /// <inheritdoc />
    public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, _world.Options.Partitions);
        var stream = new SyntheticPartition(_world, partition, _startTicks);
        if (afterOffset is { } offset)
        {
            stream.SkipThrough(offset);
        }

#pragma warning disable CA2000 // ownership passes to the caller, who disposes the reader
        return ValueTask.FromResult<IPartitionReader>(new PartitionReader(this, stream));
#pragma warning restore CA2000
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class PartitionReader(GeneratorSource source, SyntheticPartition stream) : IPartitionReader
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(50);
        private readonly long _openedAt = source._time.GetTimestamp();
        private readonly long _eventsAtOpen = stream.EventsProduced;

        public int Partition => stream.Partition;

        public async ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
        {
            if (stream.Ended)
            {
                return -1;
            }

            var rate = source._world.Options.EventsPerSecond / source._world.Options.Partitions;
            if (rate <= 0)
            {
                return stream.Fill(buffer.Span, long.MaxValue);
            }

            // Real-time pacing: events due = elapsed wall time × partition rate, counted from when the reader opened.
            var due = _eventsAtOpen + (long)(source._time.GetElapsedTime(_openedAt).TotalSeconds * rate) + 1 - stream.EventsProduced;
            var filled = stream.Fill(buffer.Span, Math.Max(0, due));
            if (filled > 0)
            {
                return filled;
            }

            var wait = TimeSpan.FromSeconds(1 / rate);
            await Task.Delay(wait < MaxWait ? wait : MaxWait, source._time, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
