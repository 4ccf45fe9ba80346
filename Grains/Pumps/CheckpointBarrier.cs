using Microsoft.Extensions.Logging;
using StreamML.Core.Sources;

namespace StreamML.Grains.Pumps;

/// <summary>
/// The checkpoint barrier of one pump: before the checkpoint moves to a completed offset, every group touched up to it
/// writes its state (by the activation that applied the records; a new activation makes the pump rewind), so a
/// checkpoint never passes an event whose entity state is not persisted. Another owner's checkpoint is adopted rather
/// than overwritten, and a store that cannot be reached defers the checkpoint to the next barrier.
/// </summary>
/// <remarks>
/// Runs beside the read loop, one pass at a time: the pump starts a pass only when the previous one has ended, and loads
/// only when none runs, so the groups still to flush belong to the barrier alone.
/// </remarks>
internal sealed partial class CheckpointBarrier
{
    private readonly ICheckpointStore _store;
    private readonly GroupCalls _calls;
    private readonly PumpRewind _rewind;
    private readonly PumpRetryPolicy _retry;
    private readonly string _source;
    private readonly int _partition;
    private readonly ILogger _logger;

    // Groups touched by completed batches whose state is not known to be written yet.
    private readonly HashSet<long> _unflushed = [];
    private CheckpointState _checkpoint;

    public CheckpointBarrier(PumpServices services, ICheckpointStore store, GroupCalls calls, PumpRewind rewind, PumpRetryPolicy retry, string source, int partition)
    {
        _store = store;
        _calls = calls;
        _rewind = rewind;
        _retry = retry;
        _source = source;
        _partition = partition;
        _logger = services.Logger;
    }

    /// <summary>The last checkpointed offset, or null.</summary>
    public long? Offset => _checkpoint.Offset;

    /// <summary>
    /// Reads the stored checkpoint (retrying while the store is unavailable) and forgets the groups still to flush: the
    /// pump (re)starts after it.
    /// </summary>
    public async Task<CheckpointState> LoadAsync(CancellationToken cancellationToken)
    {
        _unflushed.Clear();
        try
        {
            _checkpoint = await _retry.SourceAsync("load the checkpoint", static (s, ct) => s.Store.LoadAsync(s.Source, s.Partition, ct), (Store: _store, Source: _source, Partition: _partition), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or OverflowException)
        {
            // Neither starting over nor skipping ahead is safe without knowing what was applied: the partition stops here
            // (its pump restarts with backoff, and /readyz names the cause) until the checkpoint is repaired or removed.
            LogCheckpointCorrupt(ex, _source, _partition);
            throw new InvalidDataException($"the checkpoint of {_source}/{_partition} cannot be read ({ex.Message}); the partition waits until it is repaired or removed", ex);
        }

        return _checkpoint;
    }

    /// <summary>
    /// Flushes the groups <paramref name="touched"/> (and any a previous pass could not flush) and then checkpoints
    /// <paramref name="completedOffset"/> with its native <paramref name="position"/>, unless it is already checkpointed.
    /// </summary>
    public async Task PassAsync(long completedOffset, string? position, IEnumerable<long> touched, CancellationToken cancellationToken)
    {
        _unflushed.UnionWith(touched);
        if (completedOffset < 0 || completedOffset == _checkpoint.Offset)
        {
            return;
        }

        long[] groups = [.. _unflushed];
        var flushes = new List<Task>(groups.Length);
        foreach (var key in groups)
        {
            await _calls.TakeSlotAsync(cancellationToken).ConfigureAwait(false);
            flushes.Add(_calls.FlushAsync(key));
        }

        try
        {
            await Task.WhenAll(flushes).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Some state is not durable: keep the old checkpoint, flush these groups again at the next one.
            LogCheckpointDeferred(ex, _source, _partition);
            return;
        }

        _unflushed.Clear();
        if (_rewind.Requested)
        {
            return;
        }

        try
        {
            _checkpoint = await _store.WriteAsync(_source, _partition, completedOffset, position, _checkpoint.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointConflictException ex)
        {
            // Another owner moved the checkpoint: adopt what it wrote rather than overwrite it.
            _checkpoint = ex.Current ?? await _store.LoadAsync(_source, _partition, cancellationToken).ConfigureAwait(false);
            LogCheckpointConflict(_source, _partition, completedOffset, _checkpoint.Offset);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && CallFailures.IsTransient(ex))
        {
            // The store is unreachable: the state is written, so the next barrier writes a later checkpoint.
            LogCheckpointDeferred(ex, _source, _partition);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of {Source}/{Partition} deferred: some entity group state could not be written")]
    private partial void LogCheckpointDeferred(Exception exception, string source, int partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkpoint of {Source}/{Partition} is corrupt; the partition waits until it is repaired or removed")]
    private partial void LogCheckpointCorrupt(Exception exception, string source, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of {Source}/{Partition} at {Offset} lost a race; the store holds {Stored}")]
    private partial void LogCheckpointConflict(string source, int partition, long offset, long? stored);
}
