using StreamML.Core.Events;
using StreamML.Core.Sources;
using StreamML.Core.Validation;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Pumps;

/// <summary>
/// The ordered dispatch of one pump: decodes a read batch (bad records to dead-letter), groups it by entity group and
/// calls each group once with its records, never two calls for one group at once (each call waits for the group's
/// previous one, and is not applied if that one was not), so every entity sees its records in offset order. It keeps the
/// dispatched batches in offset order to tell the completed offset: the highest offset below which every call was
/// applied, and the groups those calls touched, which the barrier must flush before a checkpoint passes them.
/// </summary>
/// <remarks>
/// Used by the pump's read loop only, one step at a time: its state needs no lock.
/// </remarks>
internal sealed class OrderedDispatcher
{
    private readonly PumpServices _services;
    private readonly GroupCalls _calls;
    private readonly PumpRewind _rewind;
    private readonly string _source;
    private readonly int _partition;
    private readonly Dictionary<long, Task<bool>> _lastCall = [];
    private readonly Queue<Batch> _batches = new();
    private HashSet<long> _touched = [];

    // Set when a batch was not applied (the pump stopped while its call was retrying, or is rewinding): the completed
    // offset stays below it until the pump goes back to its checkpoint.
    private bool _held;

    public OrderedDispatcher(PumpServices services, GroupCalls calls, PumpRewind rewind, string source, int partition)
    {
        _services = services;
        _calls = calls;
        _rewind = rewind;
        _source = source;
        _partition = partition;
    }

    /// <summary>The highest offset below which every dispatched record was applied (or dead-lettered); -1 for none.</summary>
    public long CompletedOffset { get; private set; } = -1;

    /// <summary>The source's native position of <see cref="CompletedOffset"/> where the offset alone cannot name it.</summary>
    public string? CompletedPosition { get; private set; }

    /// <summary>Starts over after <paramref name="checkpoint"/>: nothing dispatched since counts any more.</summary>
    public void ResumeAfter(CheckpointState checkpoint)
    {
        CompletedOffset = checkpoint.Offset ?? -1;
        CompletedPosition = checkpoint.Position;
        _held = false;
    }

    /// <summary>Forgets the calls and touched groups of a run the pump is leaving to go back to its checkpoint.</summary>
    public void Forget()
    {
        _touched.Clear();
        _lastCall.Clear();
    }

    /// <summary>Hands over the groups touched by the batches completed since the last call, for the barrier to flush.</summary>
    public HashSet<long> TakeTouched()
    {
        var touched = _touched;
        _touched = [];
        return touched;
    }

    /// <summary>Decodes <paramref name="records"/> and starts one call per entity group, waiting for free slots.</summary>
    public async Task DispatchAsync(ReadOnlyMemory<SourceRecord> records, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<long, (List<EventEnvelope> Events, List<LabelEnvelope> Labels)>();
        long lastOffset = -1;
        string? lastPosition = null;
        var ingestTicks = _services.Time.GetUtcNow().UtcTicks;
        var accepted = 0;
        var traced = StreamMLTracing.SampledRead();
        (long Group, string Id)? sampled = null;
        for (var i = 0; i < records.Length; i++)
        {
            var decoded = Decode(records.Span[i], ingestTicks, out lastOffset, out lastPosition);
            if (decoded.Rejected is { } rejected)
            {
                await _services.DeadLetters.AddAsync(rejected, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var key = EntityGroups.GroupOf(decoded.Entity!, _services.Groups);
            if (!groups.TryGetValue(key, out var group))
            {
                group = ([], []);
                groups.Add(key, group);
            }

            if (decoded.Event is { } e)
            {
                group.Events.Add(e);
                accepted++;
                if (traced is not null)
                {
                    sampled ??= (key, e.Event.Id);
                }
            }
            else
            {
                group.Labels.Add(decoded.Label!.Value);
            }
        }

        _services.Instruments.Ingested(accepted);
        var calls = new List<Task<bool>>(groups.Count);
        foreach (var (key, group) in groups)
        {
            await _calls.TakeSlotAsync(cancellationToken).ConfigureAwait(false);
            _lastCall.TryGetValue(key, out var previous);
            Task<bool> call;
            using (sampled?.Group == key ? StreamMLTracing.Carry(traced!, sampled.Value.Id, key) : null)
            {
                call = _calls.ApplyAsync(key, [.. group.Events], [.. group.Labels], previous, cancellationToken);
            }

            _lastCall[key] = call;
            calls.Add(call);
        }

        _batches.Enqueue(new Batch(AllAppliedAsync(calls), lastOffset, lastPosition, [.. groups.Keys]));
    }

    /// <summary>
    /// Moves the completed offset past the batches whose calls all ended applied, in offset order. A batch that was not
    /// applied holds it: unless the pump is stopping, the pump then goes back to its checkpoint to read the batch again.
    /// </summary>
    public void AdvanceCompleted(CancellationToken stopping)
    {
        while (!_held && _batches.TryPeek(out var head) && head.Applied.IsCompleted)
        {
            if (!head.Applied.Result)
            {
                _held = true;
                if (!stopping.IsCancellationRequested)
                {
                    _rewind.Request();
                }

                break;
            }

            _batches.Dequeue();
            if (head.LastOffset > CompletedOffset)
            {
                CompletedOffset = head.LastOffset;
                CompletedPosition = head.LastPosition;
            }

            _touched.UnionWith(head.Groups);
        }

        if (_batches.Count == 0)
        {
            _lastCall.Clear();
        }
        else if (_lastCall.Count > 4 * _services.Options.MaxInFlightCalls)
        {
            // A call that was not applied stays: the next call to its group must see it and not apply either.
            foreach (var key in _lastCall.Where(kv => kv.Value.IsCompletedSuccessfully && kv.Value.Result).Select(kv => kv.Key).ToList())
            {
                _lastCall.Remove(key);
            }
        }
    }

    /// <summary>Waits for every dispatched call, advancing the completed offset as far as the applied batches go.</summary>
    public async Task DrainAsync(CancellationToken stopping)
    {
        while (_batches.TryPeek(out var head))
        {
            await head.Applied.ConfigureAwait(false);
            AdvanceCompleted(stopping);
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

    private DecodedRecord Decode(in SourceRecord record, long ingestTicks, out long offset, out string? position)
    {
        offset = record.Offset;
        position = record.Position;
        try
        {
            return _services.Decoder.Decode(record, _source, _partition, ingestTicks);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Decoders refuse bad input with a reason rather than throw; one that throws all the same must not stop the
            // partition on this record, which would fail the same way after every restart.
            return new DecodedRecord(null, null, new DeadLetter
            {
                Reason = nameof(InvalidReason.MalformedPayload),
                Message = $"the decoder failed on this record{(record.Position is null ? string.Empty : $" (source position {record.Position})")}: {ex.GetType().Name}: {ex.Message}",
                Source = _source,
                Partition = _partition,
                Offset = record.Offset,
            });
        }
    }

    private static async Task<bool> AllAppliedAsync(List<Task<bool>> calls)
    {
        var applied = true;
        foreach (var call in calls)
        {
            applied &= await GroupCalls.IsAppliedAsync(call).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>The calls of one read batch, the batch's last offset (and its native position) and the groups it touched.</summary>
    private sealed record Batch(Task<bool> Applied, long LastOffset, string? LastPosition, long[] Groups);
}
