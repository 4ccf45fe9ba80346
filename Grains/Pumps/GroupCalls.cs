using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StreamML.Core.Events;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// The calls one pump makes to entity groups. At most <c>Pump.MaxInFlightCalls</c> are in flight, applies and barrier
/// flushes alike: the caller takes a slot, the call gives it back when it ends. Each call expects the activation its group
/// answered from before, so a group that lost its activation (and with it state the pump sent) makes the pump rewind;
/// each apply goes through the <see cref="PumpRetryPolicy"/> and a batch given up for failing permanently is
/// dead-lettered with its reason.
/// </summary>
internal sealed partial class GroupCalls
{
    private readonly IGrainFactory _grains;
    private readonly DeadLetterSink _deadLetters;
    private readonly PumpRetryPolicy _retry;
    private readonly PumpRewind _rewind;
    private readonly ILabelOutcomeObserver? _labelOutcomes;
    private readonly string _source;
    private readonly int _partition;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;

    // The activation of each group this pump has sent records to since it (re)started: a group that answers from
    // another activation may have lost state the pump sent it, so the pump resumes from its last checkpoint.
    private readonly ConcurrentDictionary<long, Guid> _incarnations = new();

    public GroupCalls(PumpServices services, PumpRetryPolicy retry, PumpRewind rewind, ILabelOutcomeObserver? labelOutcomes, string source, int partition)
    {
        _grains = services.Grains;
        _deadLetters = services.DeadLetters;
        _logger = services.Logger;
        _slots = new SemaphoreSlim(services.Options.MaxInFlightCalls, services.Options.MaxInFlightCalls);
        _retry = retry;
        _rewind = rewind;
        _labelOutcomes = labelOutcomes;
        _source = source;
        _partition = partition;
    }

    /// <summary>Waits for a free slot; the next <see cref="ApplyAsync"/> or <see cref="FlushAsync"/> gives it back.</summary>
    public Task TakeSlotAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    /// <summary>Forgets which activation each group answered from: the pump goes back to its checkpoint.</summary>
    public void ForgetIncarnations() => _incarnations.Clear();

    /// <summary>
    /// Sends one group its records, in a slot taken with <see cref="TakeSlotAsync"/>, once the group's previous call
    /// <paramref name="after"/> has ended. True when they were applied, or dead-lettered after failing for a permanent
    /// reason; false when they were not (the previous call was not applied, the pump is stopping or rewinding), so neither
    /// they nor any later batch may be checkpointed.
    /// </summary>
    public async Task<bool> ApplyAsync(long key, EventEnvelope[] events, LabelEnvelope[] labels, Task<bool>? after, CancellationToken stopping)
    {
        EntityBatchResult? applied = null;
        try
        {
            // A call whose predecessor was not applied must not be applied either, or the entity would move past
            // offsets it never saw.
            if (after is not null && !await IsAppliedAsync(after).ConfigureAwait(false))
            {
                return false;
            }

            var end = await _retry.CallGroupAsync(key, static s => s.Self.AttemptAsync(s.Key, s.Events, s.Labels), (Self: this, Key: key, Events: events, Labels: labels), stopping).ConfigureAwait(false);
            if (end.Failure is null)
            {
                applied = end.Result;
                return applied is not null;
            }

            if (end.Exhausted)
            {
                await DeadLetterAsync(key, events, labels, end.Failure).ConfigureAwait(false);
                return true;
            }

            // Not applied and not dead-lettered: no checkpoint passes these records, so the next owner reads them again.
            LogCallAbandoned(end.Failure, key, _source, _partition);
            return false;
        }
        finally
        {
            _slots.Release();
            if (_labelOutcomes is not null && labels.Length > 0)
            {
                if (applied is { } result)
                {
                    _labelOutcomes.OnApplied(labels, result.LabelOutcomes ?? []);
                }
                else
                {
                    _labelOutcomes.OnNotApplied(labels);
                }
            }
        }
    }

    /// <summary>
    /// Has a group write its state, in a slot taken with <see cref="TakeSlotAsync"/>; throws (and asks for a rewind)
    /// when the group answers from an activation other than the one that applied the pump's records.
    /// </summary>
    public async Task FlushAsync(long key)
    {
        try
        {
            _incarnations.TryGetValue(key, out var expected);
            if (!await _grains.GetGrain<IEntityGroupGrain>(key).FlushIfAsync(expected).ConfigureAwait(false))
            {
                _rewind.Request();
                throw new InvalidOperationException($"entity group {key} was activated again; its state may lack records of {_source}/{_partition}");
            }

            _retry.StateWritten(key);
        }
        catch (Exception ex) when (CallFailures.IsStateNotWritten(ex))
        {
            _retry.StateFailed(key, ex);
            throw;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Whether a call applied its records; one that ended in an exception (its dead letter could not be queued) applied nothing for sure.</summary>
    public static async Task<bool> IsAppliedAsync(Task<bool> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>One attempt: the group's result, or null when nothing was applied because the pump goes back to its checkpoint.</summary>
    private async ValueTask<EntityBatchResult?> AttemptAsync(long key, EventEnvelope[] events, LabelEnvelope[] labels)
    {
        if (_rewind.Requested)
        {
            // The pump is going back to its checkpoint: these records will come again.
            return null;
        }

        _incarnations.TryGetValue(key, out var expected);
        var result = await _grains.GetGrain<IEntityGroupGrain>(key).ApplyAsync(expected, events, labels).ConfigureAwait(false);
        if (result.Refused)
        {
            LogGroupMoved(key, _source, _partition);
            _rewind.Request();
            return null;
        }

        _incarnations[key] = result.Incarnation;
        return result;
    }

    private async Task DeadLetterAsync(long key, EventEnvelope[] events, LabelEnvelope[] labels, Exception failure)
    {
        // A batch that keeps failing for a reason of its own must not stop the partition: it is dead-lettered, with the reason.
        LogCallFailed(failure, key, events.Length, labels.Length);
        var message = $"entity group {key} failed {PumpRetryPolicy.MaxPermanentFailures} times: {failure.GetType().Name}: {failure.Message}";
        foreach (var (id, entity, offset, kind) in events.Select(e => (e.Event.Id, e.Event.Entity, e.Offset, "event")).Concat(labels.Select(l => (l.Label.EventId, l.Label.Entity, l.Offset, "label"))))
        {
            await _deadLetters.AddAsync(
                new DeadLetter
                {
                    Reason = PlatformInstruments.ProcessingFailedReason,
                    Message = $"{kind}: {message}",
                    Source = _source,
                    Partition = _partition,
                    Offset = offset,
                    Entity = entity,
                    EventId = id,
                }).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity group {Group} call given up as {Source}/{Partition} stops; its records stay after the checkpoint")]
    private partial void LogCallAbandoned(Exception exception, long group, string source, int partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Entity group {Group} kept failing; {Events} events and {Labels} labels dead-lettered")]
    private partial void LogCallFailed(Exception exception, long group, int events, int labels);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity group {Group} answered from a new activation; {Source}/{Partition} goes back to its checkpoint")]
    private partial void LogGroupMoved(long group, string source, int partition);
}
