using Microsoft.Extensions.Logging;
using StreamML.Core.Events;
using StreamML.Core.Sources;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Moves one partition of a source into entity group grains: reads a batch, decodes and validates it (bad records to
/// dead-letter), groups it by entity group and calls each group once with its records, keeping at most
/// <c>Pump.MaxInFlightCalls</c> calls in flight and never two calls for one group at once (so every entity sees its
/// records in offset order). Every <c>Pump.CheckpointInterval</c> it flushes the groups it touched and then checkpoints
/// the highest offset below which every call has completed: a checkpoint never passes an event whose entity state is not
/// persisted. A call that fails for a transient reason (<see cref="CallFailures"/>) is retried with bounded exponential
/// backoff until it succeeds or the pump stops; only a call that keeps failing for a permanent reason is dead-lettered.
/// A call given up because the pump stopped is not applied, and no checkpoint passes it: the next owner reads it again.
/// </summary>
internal sealed partial class PartitionPump
{
    private const int MaxCallAttempts = 8;
    private readonly IEventSource _source;
    private readonly int _partition;
    private readonly ICheckpointStore _checkpoints;
    private readonly IGrainFactory _grains;
    private readonly IRecordDecoder _decoder;
    private readonly DeadLetterSink _deadLetters;
    private readonly PlatformInstruments _instruments;
    private readonly PumpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<long, Task<bool>> _lastCall = [];
    private readonly Queue<(Task<bool> Applied, long LastOffset, HashSet<long> Groups)> _batches = new();
    private readonly HashSet<long> _touched = [];

    // The activation of each group this pump has sent records to since it (re)started: a group that answers from
    // another activation may have lost state the pump sent it, so the pump resumes from its last checkpoint.
    private readonly Dictionary<long, Guid> _incarnations = [];
    private volatile bool _rewind;

    // Set when a batch was not applied (the pump stopped while its call was retrying, or is rewinding): the completed
    // offset stays below it until the pump goes back to its checkpoint.
    private bool _held;
    private CancellationToken _stopping;
    private readonly int _groups;
    private long _completedOffset = -1;
    private CheckpointState _checkpoint;
    private Task _checkpointing = Task.CompletedTask;

    public PartitionPump(
        IEventSource source,
        int partition,
        ICheckpointStore checkpoints,
        IGrainFactory grains,
        IRecordDecoder decoder,
        DeadLetterSink deadLetters,
        PlatformInstruments instruments,
        PumpOptions options,
        TimeProvider time,
        int groups,
        ILogger logger)
    {
        _source = source;
        _groups = groups;
        _partition = partition;
        _checkpoints = checkpoints;
        _grains = grains;
        _decoder = decoder;
        _deadLetters = deadLetters;
        _instruments = instruments;
        _options = options;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxInFlightCalls, options.MaxInFlightCalls);
    }

    /// <summary>The partition.</summary>
    public int Partition => _partition;

    /// <summary>Records read so far.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>The last checkpointed offset, or null.</summary>
    public long? CheckpointedOffset => _checkpoint.Offset;

    /// <summary>How often the pump went back to its checkpoint because an entity group lost its activation.</summary>
    public long Rewinds { get; private set; }

    /// <summary>Whether the source is failing right now (for readiness).</summary>
    public bool SourceFailing { get; private set; }

    /// <summary>Whether the partition has ended and everything read was applied and checkpointed (finite sources only).</summary>
    public bool Completed { get; private set; }

    /// <summary>Runs until cancelled or until a finite partition ends; on either, drains its calls and checkpoints.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        _checkpoint = await WithRetryAsync(ct => _checkpoints.LoadAsync(_source.Name, _partition, ct), "load the checkpoint", cancellationToken).ConfigureAwait(false);
        _completedOffset = _checkpoint.Offset ?? -1;
        LogStarting(_source.Name, _partition, _checkpoint.Offset);
        var reader = await WithRetryAsync(ct => _source.OpenAsync(_partition, _checkpoint.Offset, ct), "open the partition", cancellationToken).ConfigureAwait(false);
        try
        {
            var buffer = new SourceRecord[_options.ReadBatchSize];
            var lastCheckpoint = _time.GetTimestamp();
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var n = await WithRetryAsync(ct => reader.ReadAsync(buffer, ct), "read", cancellationToken).ConfigureAwait(false);
                    if (n < 0)
                    {
                        await DrainAsync().ConfigureAwait(false);
                        if (_rewind)
                        {
                            reader = await RewindAsync(reader, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        await AwaitCheckpointingAsync().ConfigureAwait(false);
                        await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
                        if (_rewind)
                        {
                            reader = await RewindAsync(reader, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        Completed = true;
                        LogEnded(_source.Name, _partition, RecordsRead);
                        return;
                    }

                    if (n > 0)
                    {
                        RecordsRead += n;
                        await DispatchAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    }

                    AdvanceCompleted();
                    if (_rewind)
                    {
                        reader = await RewindAsync(reader, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (_checkpointing.IsCompleted && _time.GetElapsedTime(lastCheckpoint) >= _options.CheckpointInterval)
                    {
                        // The barrier runs beside the pump: reading goes on while the touched entities write their state.
                        await _checkpointing.ConfigureAwait(false);
                        _checkpointing = CheckpointAsync(cancellationToken);
                        lastCheckpoint = _time.GetTimestamp();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping or losing the partition: finish what is in flight and leave a checkpoint behind.
            }

            await DrainAsync().ConfigureAwait(false);
            await AwaitCheckpointingAsync().ConfigureAwait(false);
            await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            if (SourceFailing)
            {
                SourceFailing = false;
                _instruments.SourceFailing(-1);
            }
        }
    }

    /// <summary>
    /// Goes back to the last checkpoint: an entity group answered from a new activation, so records this pump sent to
    /// the old one since the checkpoint may not be in its state. Entities skip what they did apply.
    /// </summary>
    private async Task<IPartitionReader> RewindAsync(IPartitionReader reader, CancellationToken cancellationToken)
    {
        await DrainAsync().ConfigureAwait(false);
        await AwaitCheckpointingAsync().ConfigureAwait(false);
        await reader.DisposeAsync().ConfigureAwait(false);
        lock (_touched)
        {
            _touched.Clear();
        }

        lock (_incarnations)
        {
            _incarnations.Clear();
        }

        lock (_lastCall)
        {
            _lastCall.Clear();
        }

        _checkpoint = await WithRetryAsync(ct => _checkpoints.LoadAsync(_source.Name, _partition, ct), "load the checkpoint", cancellationToken).ConfigureAwait(false);
        _completedOffset = _checkpoint.Offset ?? -1;
        _rewind = false;
        _held = false;
        Rewinds++;
        _instruments.Rewound();
        LogRewinding(_source.Name, _partition, _checkpoint.Offset);
        return await WithRetryAsync(ct => _source.OpenAsync(_partition, _checkpoint.Offset, ct), "open the partition", cancellationToken).ConfigureAwait(false);
    }

    private async Task AwaitCheckpointingAsync()
    {
        try
        {
            await _checkpointing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A checkpoint interrupted by the stop; the final one below covers it.
        }
    }

    private async Task DispatchAsync(ReadOnlyMemory<SourceRecord> records, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<long, (List<EventEnvelope> Events, List<LabelEnvelope> Labels)>();
        long lastOffset = -1;
        var ingestTicks = _time.GetUtcNow().UtcTicks;
        var accepted = 0;
        for (var i = 0; i < records.Length; i++)
        {
            var decoded = Decode(records.Span[i], ingestTicks, out lastOffset);
            if (decoded.Rejected is { } rejected)
            {
                await _deadLetters.AddAsync(rejected, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var key = EntityGroups.GroupOf(decoded.Entity!, _groups);
            if (!groups.TryGetValue(key, out var group))
            {
                group = ([], []);
                groups.Add(key, group);
            }

            if (decoded.Event is { } e)
            {
                group.Events.Add(e);
                accepted++;
            }
            else
            {
                group.Labels.Add(decoded.Label!.Value);
            }
        }

        _instruments.Ingested(accepted);
        var calls = new List<Task<bool>>(groups.Count);
        var touched = new HashSet<long>(groups.Keys);
        foreach (var (key, group) in groups)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            Task<bool>? previous;
            lock (_lastCall)
            {
                _lastCall.TryGetValue(key, out previous);
            }

            var call = CallGroupAsync(key, [.. group.Events], [.. group.Labels], previous);
            lock (_lastCall)
            {
                _lastCall[key] = call;
            }

            calls.Add(call);
        }

        _batches.Enqueue((AllAppliedAsync(calls), lastOffset, touched));
    }

    private DecodedRecord Decode(in SourceRecord record, long ingestTicks, out long offset)
    {
        offset = record.Offset;
        return _decoder.Decode(record, _source.Name, _partition, ingestTicks);
    }

    private static async Task<bool> AllAppliedAsync(List<Task<bool>> calls)
    {
        var applied = true;
        foreach (var call in calls)
        {
            applied &= await IsAppliedAsync(call).ConfigureAwait(false);
        }

        return applied;
    }

    private static async Task<bool> IsAppliedAsync(Task<bool> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A call that ended in an exception (its dead letter could not be queued) applied nothing for sure.
            return false;
        }
    }

    /// <summary>
    /// Sends one group its records. True when they were applied, or dead-lettered after failing for a permanent reason;
    /// false when they were not (the pump is stopping or rewinding), so neither they nor any later batch may be checkpointed.
    /// </summary>
    private async Task<bool> CallGroupAsync(long key, EventEnvelope[] events, LabelEnvelope[] labels, Task<bool>? previous)
    {
        try
        {
            // One call per group at a time: every entity applies its records in offset order. A call whose predecessor
            // was not applied must not be applied either, or the entity would move past offsets it never saw.
            if (previous is not null && !await IsAppliedAsync(previous).ConfigureAwait(false))
            {
                return false;
            }

            var grain = _grains.GetGrain<IEntityGroupGrain>(key);
            var backoff = _options.InitialBackoff;
            var permanentFailures = 0;
            while (true)
            {
                if (_rewind)
                {
                    // The pump is going back to its checkpoint: these records will come again.
                    return false;
                }

                Exception failure;
                try
                {
                    Guid expected;
                    lock (_incarnations)
                    {
                        _incarnations.TryGetValue(key, out expected);
                    }

                    var result = await grain.ApplyAsync(expected, events, labels).ConfigureAwait(false);
                    if (result.Refused)
                    {
                        LogGroupMoved(key, _source.Name, _partition);
                        _rewind = true;
                        return false;
                    }

                    lock (_incarnations)
                    {
                        _incarnations[key] = result.Incarnation;
                    }

                    return true;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failure = ex;
                }

                var kind = CallFailures.Classify(failure);
                if (kind == CallFailure.Permanent && ++permanentFailures >= MaxCallAttempts)
                {
                    await DeadLetterAsync(key, events, labels, failure).ConfigureAwait(false);
                    return true;
                }

                if (_stopping.IsCancellationRequested)
                {
                    // Not applied and not dead-lettered: no checkpoint passes these records, so the next owner reads them again.
                    LogCallAbandoned(failure, key, _source.Name, _partition);
                    return false;
                }

                // Retrying is safe: the entity skips events whose offsets it has already applied. A transient failure is
                // the platform's, not the records': it is retried for as long as the pump runs.
                _instruments.CallRetried(kind);
                LogCallRetry(failure, key, kind, permanentFailures, backoff.TotalMilliseconds);
                try
                {
                    await Task.Delay(Jitter(backoff), _time, _stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    LogCallAbandoned(failure, key, _source.Name, _partition);
                    return false;
                }

                backoff = Next(backoff);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task DeadLetterAsync(long key, EventEnvelope[] events, LabelEnvelope[] labels, Exception failure)
    {
        // A batch that keeps failing for a reason of its own must not stop the partition: it is dead-lettered, with the reason.
        LogCallFailed(failure, key, events.Length, labels.Length);
        var message = $"entity group {key} failed {MaxCallAttempts} times: {failure.GetType().Name}: {failure.Message}";
        foreach (var (id, entity, offset, kind) in events.Select(e => (e.Event.Id, e.Event.Entity, e.Offset, "event")).Concat(labels.Select(l => (l.Label.EventId, l.Label.Entity, l.Offset, "label"))))
        {
            await _deadLetters.AddAsync(
                new DeadLetter
                {
                    Reason = PlatformInstruments.ProcessingFailedReason,
                    Message = $"{kind}: {message}",
                    Source = _source.Name,
                    Partition = _partition,
                    Offset = offset,
                    Entity = entity,
                    EventId = id,
                }).ConfigureAwait(false);
        }
    }

    private void AdvanceCompleted()
    {
        while (!_held && _batches.TryPeek(out var head) && head.Applied.IsCompleted)
        {
            if (!head.Applied.Result)
            {
                // Not applied: the completed offset (and so the checkpoint) stays below this batch. Unless the pump is
                // stopping, it goes back to its checkpoint and reads the batch again.
                _held = true;
                if (!_stopping.IsCancellationRequested)
                {
                    _rewind = true;
                }

                break;
            }

            _batches.Dequeue();
            _completedOffset = Math.Max(_completedOffset, head.LastOffset);
            lock (_touched)
            {
                _touched.UnionWith(head.Groups);
            }

        }

        if (_batches.Count == 0)
        {
            lock (_lastCall)
            {
                _lastCall.Clear();
            }
        }
        else if (_lastCall.Count > 4 * _options.MaxInFlightCalls)
        {
            lock (_lastCall)
            {
                // A call that was not applied stays: the next call to its group must see it and not apply either.
                foreach (var key in _lastCall.Where(kv => kv.Value.IsCompletedSuccessfully && kv.Value.Result).Select(kv => kv.Key).ToList())
                {
                    _lastCall.Remove(key);
                }
            }
        }
    }

    private async Task DrainAsync()
    {
        while (_batches.TryPeek(out var head))
        {
            await head.Applied.ConfigureAwait(false);
            AdvanceCompleted();
            if (_held)
            {
                // Everything after a batch that was not applied is waited for but never counted as completed.
                while (_batches.TryDequeue(out var rest))
                {
                    await rest.Applied.ConfigureAwait(false);
                }
            }
        }
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        var offset = _completedOffset;
        if (offset < 0 || offset == _checkpoint.Offset)
        {
            return;
        }

        // The barrier: every group touched up to this offset writes its state before the checkpoint moves past it.
        long[] touched;
        lock (_touched)
        {
            touched = [.. _touched];
            _touched.Clear();
        }

        var flushes = new List<Task>(touched.Length);
        foreach (var key in touched)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            flushes.Add(FlushAsync(key));
        }

        try
        {
            await Task.WhenAll(flushes).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Some state is not durable: keep the old checkpoint, retry these entities at the next one.
            lock (_touched)
            {
                _touched.UnionWith(touched);
            }

            LogCheckpointDeferred(ex, _source.Name, _partition);
            return;
        }

        if (_rewind)
        {
            return;
        }

        try
        {
            _checkpoint = await _checkpoints.WriteAsync(_source.Name, _partition, offset, _checkpoint.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointConflictException ex)
        {
            // Another owner moved the checkpoint: adopt what it wrote rather than overwrite it.
            _checkpoint = ex.Current ?? await _checkpoints.LoadAsync(_source.Name, _partition, cancellationToken).ConfigureAwait(false);
            LogCheckpointConflict(_source.Name, _partition, offset, _checkpoint.Offset);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && CallFailures.IsTransient(ex))
        {
            // The store is unreachable: the state is written, so the next barrier writes a later checkpoint.
            LogCheckpointDeferred(ex, _source.Name, _partition);
        }
    }

    private async Task FlushAsync(long key)
    {
        try
        {
            Guid expected;
            lock (_incarnations)
            {
                _incarnations.TryGetValue(key, out expected);
            }

            if (!await _grains.GetGrain<IEntityGroupGrain>(key).FlushIfAsync(expected).ConfigureAwait(false))
            {
                _rewind = true;
                throw new InvalidOperationException($"entity group {key} was activated again; its state may lack records of {_source.Name}/{_partition}");
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, ValueTask<T>> action, string what, CancellationToken cancellationToken)
    {
        var backoff = _options.InitialBackoff;
        while (true)
        {
            try
            {
                var result = await action(cancellationToken).ConfigureAwait(false);
                if (SourceFailing)
                {
                    SourceFailing = false;
                    _instruments.SourceFailing(-1);
                    LogSourceRecovered(_source.Name, _partition);
                }

                return result;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is SourceUnavailableException || CallFailures.IsTransient(ex)))
            {
                if (!SourceFailing)
                {
                    SourceFailing = true;
                    _instruments.SourceFailing(+1);
                }

                LogSourceUnavailable(ex, _source.Name, _partition, what, backoff.TotalMilliseconds);
                await Task.Delay(Jitter(backoff), _time, cancellationToken).ConfigureAwait(false);
                backoff = Next(backoff);
            }
        }
    }

    private TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));

    private static TimeSpan Jitter(TimeSpan backoff) => TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + (Random.Shared.NextDouble() * 0.5))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Pump {Source}/{Partition} starting after offset {Offset}")]
    private partial void LogStarting(string source, int partition, long? offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pump {Source}/{Partition} reached the end after {Records} records")]
    private partial void LogEnded(string source, int partition, long records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}/{Partition} unavailable ({What}); retrying in about {BackoffMs} ms")]
    private partial void LogSourceUnavailable(Exception exception, string source, int partition, string what, double backoffMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}/{Partition} is reachable again")]
    private partial void LogSourceRecovered(string source, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity group {Group} call failed ({Failure}, permanent failures so far {Permanent}); retrying in about {BackoffMs} ms")]
    private partial void LogCallRetry(Exception exception, long group, CallFailure failure, int permanent, double backoffMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity group {Group} call given up as {Source}/{Partition} stops; its records stay after the checkpoint")]
    private partial void LogCallAbandoned(Exception exception, long group, string source, int partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Entity group {Group} kept failing; {Events} events and {Labels} labels dead-lettered")]
    private partial void LogCallFailed(Exception exception, long group, int events, int labels);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of {Source}/{Partition} deferred: some entity group state could not be written")]
    private partial void LogCheckpointDeferred(Exception exception, string source, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity group {Group} answered from a new activation; {Source}/{Partition} goes back to its checkpoint")]
    private partial void LogGroupMoved(long group, string source, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pump {Source}/{Partition} resuming after checkpoint {Offset}")]
    private partial void LogRewinding(string source, int partition, long? offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of {Source}/{Partition} at {Offset} lost a race; the store holds {Stored}")]
    private partial void LogCheckpointConflict(string source, int partition, long offset, long? stored);
}
