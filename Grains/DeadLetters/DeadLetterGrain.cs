using Microsoft.Extensions.Options;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;

namespace StreamML.Grains.DeadLetters;

/// <summary>The bounded, persisted dead-letter store: appends in bulk, evicts the oldest beyond its capacity, answers queries.</summary>
internal sealed class DeadLetterGrain(
    [PersistentState("deadletters", GrainStorageNames.Control)] IPersistentState<DeadLetterState> state,
    IOptions<DeadLetterOptions> options) : Grain, IDeadLetterGrain
{
    private readonly int _capacity = options.Value.Capacity;
    // Changes since the last successful write: counted rather than flagged, so a change made while a write is in flight
    // is not taken as written, and a failed write leaves the store dirty for the timer to try again.
    private long _changes;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.PersistInterval;
        this.RegisterGrainTimer(static (grain, _) => grain.PersistIfDirtyAsync(), this, new GrainTimerCreationOptions(period, period) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => PersistIfDirtyAsync();

    Task IDeadLetterGrain.AppendAsync(DeadLetter[] batch)
    {
        var s = state.State;
        foreach (var letter in batch)
        {
            s.Items.Add(letter with { Id = s.NextId++ });
            s.ByReason[letter.Reason] = s.ByReason.GetValueOrDefault(letter.Reason) + 1;
        }

        var excess = s.Items.Count - _capacity;
        if (excess > 0)
        {
            s.Items.RemoveRange(0, excess);
            s.Evicted += excess;
        }

        _changes += batch.Length;
        return Task.CompletedTask;
    }

    Task<DeadLetterPage> IDeadLetterGrain.QueryAsync(string? reason, long after, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        limit = Math.Clamp(limit, 1, 1_000);
        var s = state.State;
        var items = new List<DeadLetter>(limit);
        long? next = null;
        foreach (var item in s.Items)
        {
            if (item.Id <= after || (reason is not null && !string.Equals(item.Reason, reason, StringComparison.Ordinal)))
            {
                continue;
            }

            if (items.Count == limit)
            {
                next = items[^1].Id;
                break;
            }

            items.Add(item);
        }

        return Task.FromResult(new DeadLetterPage
        {
            Items = [.. items],
            Total = s.NextId - 1,
            Evicted = s.Evicted,
            ByReason = new Dictionary<string, long>(s.ByReason, StringComparer.Ordinal),
            Next = next,
        });
    }

    async Task<int> IDeadLetterGrain.EraseEntityAsync(string entity)
    {
        // A payload not recognised as an event (malformed, or kept as it came) can still name the entity: it goes too.
        var quoted = '"' + entity + '"';
        var removed = state.State.Items.RemoveAll(letter =>
            string.Equals(letter.Entity, entity, StringComparison.Ordinal) || (letter.Payload?.Contains(quoted, StringComparison.Ordinal) ?? false));
        if (removed > 0)
        {
            _changes += removed;
            await PersistIfDirtyAsync();
        }

        return removed;
    }

    private async Task PersistIfDirtyAsync()
    {
        var changes = _changes;
        if (changes == 0)
        {
            return;
        }

        await state.WriteStateAsync();
        _changes -= changes;
    }
}
