using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Entities;

/// <summary>
/// The Orleans host of one <see cref="EntityGroupProcessor"/> (the entities that hash to this group): runs each batch in
/// the grain's turn with the silo's current routing, hands the batch's outcome to the <see cref="GroupOutcomeSink"/>, and
/// writes the state behind the hot path (every <c>Entity.PersistEveryEvents</c> changes or <c>Entity.PersistInterval</c>,
/// and on deactivation). The state is split into <c>Entity.StateChunks</c> pieces by entity hash; only changed pieces are
/// written. A pump that expects another activation is refused, so it never checkpoints state that died with it.
/// </summary>
internal sealed partial class EntityGroupGrain(
    IGrainContext grainContext,
    IPersistentStateFactory stateFactory,
    PlatformContext context,
    ModelRouter router,
    ModelCache models,
    GroupOutcomeSink sink,
    ILogger<EntityGroupGrain> logger) : Grain, IEntityGroupGrain
{
    // Created here so that the activation reads them in its state-setup stage, before OnActivateAsync.
    private readonly IPersistentState<EntityGroupState>[] _chunks = [.. Enumerable.Range(0, context.Entity.StateChunks)
        .Select(i => stateFactory.Create<EntityGroupState>(grainContext, new ChunkConfiguration("group" + i.ToString(CultureInfo.InvariantCulture))))];

    private readonly EntityGroupProcessor _group = new(context.ModelName, context.Plan, context.Entity, context.Entity.StateChunks, models);
    private readonly bool[] _writing = new bool[context.Entity.StateChunks];
    private readonly ArrayBufferWriter<byte> _packBuffer = new(4_096);
    private readonly Guid _incarnation = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in _chunks)
        {
            foreach (var processor in EntityGroupState.Unpack(chunk.State.Data, context.Plan, context.Entity, (e, reason) => LogStateDiscarded(this.GetPrimaryKeyLong(), e, reason)).Values)
            {
                _group.Restore(processor);
            }

            chunk.State.Data = null;
        }

        sink.EntitiesRestored(_group.Count);

        // A random first tick spreads the writes of groups activated together over the whole period.
        var period = context.Entity.PersistInterval;
        var first = TimeSpan.FromTicks((long)(period.Ticks * (0.5 + (Random.Shared.NextDouble() * 0.5))));
        this.RegisterGrainTimer(static (grain, _) => grain.PersistIfChangedAsync(), this, new GrainTimerCreationOptions(first, period) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await PersistIfChangedAsync();
        sink.EntitiesReleased(_group.Count);
    }

    async ValueTask<Prediction[]> IEntityGroupGrain.ScoreAsync(EventEnvelope[] events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var predictions = Apply(events, [], static outcome => outcome.Predictions.ToArray());
        await PersistIfDueAsync();
        return predictions;
    }

    async ValueTask<LabelBatchResult> IEntityGroupGrain.OnLabelsAsync(LabelEnvelope[] labels, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = Apply([], labels, static outcome => GroupOutcomeSink.ResultOf(outcome.Labels));
        await PersistIfDueAsync();
        return result;
    }

    async ValueTask<EntityBatchResult> IEntityGroupGrain.ApplyAsync(Guid expectedIncarnation, EventEnvelope[] events, LabelEnvelope[] labels, CancellationToken cancellationToken)
    {
        if (expectedIncarnation != Guid.Empty && expectedIncarnation != _incarnation)
        {
            return new EntityBatchResult { Refused = true, Incarnation = _incarnation };
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var trace = StreamMLTracing.StartGroupApply(this.GetPrimaryKeyLong(), events.Length, labels.Length);
        var incarnation = _incarnation;
        var result = Apply(events, labels, outcome => new EntityBatchResult
        {
            Scored = outcome.Scored,
            Duplicates = outcome.Duplicates,
            Late = outcome.Late,
            Labels = GroupOutcomeSink.ResultOf(outcome.Labels),
            LabelOutcomes = labels.Length > 0 ? outcome.LabelOutcomes.ToArray() : null,
            Incarnation = incarnation,
        });
        await StateWrittenAsync(PersistIfDueAsync());
        return result;
    }

    ValueTask<EntitySnapshot> IEntityGroupGrain.GetAsync(string entity) =>
        ValueTask.FromResult(_group.TryGet(entity, out var processor)
            ? EntitySnapshots.Of(processor, context.Plan)
            : new EntitySnapshot { Entity = entity, Exists = false, FeatureNames = [.. context.Plan.ColumnNames] });

    async ValueTask<bool> IEntityGroupGrain.FlushIfAsync(Guid expectedIncarnation, CancellationToken cancellationToken)
    {
        if (expectedIncarnation != Guid.Empty && expectedIncarnation != _incarnation)
        {
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await StateWrittenAsync(PersistIfChangedAsync());
        return true;
    }

    async Task<bool> IEntityGroupGrain.EraseAsync(string entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var existed = _group.Erase(entity);
        if (existed)
        {
            sink.EntitiesReleased(1);

            // Erasure must not wait for the next write: the entity's data leaves storage now.
            await PersistIfChangedAsync();
        }

        // The entity's examples and late events this silo still queues reach their stores before the caller erases there.
        await sink.FlushAsync(CancellationToken.None);
        return existed;
    }

    /// <summary>
    /// Runs a batch through the group and hands its outcome on, also when the batch failed part way: what was applied to
    /// the entities before the failure is reported, as their state already holds it. <paramref name="read"/> takes what
    /// the caller answers with; then the outcome lets go of the batch's events and predictions, so that a group waiting
    /// for its next batch keeps none of them alive.
    /// </summary>
    private T Apply<T>(EventEnvelope[] events, LabelEnvelope[] labels, Func<GroupOutcome, T> read)
    {
        try
        {
            try
            {
                using var score = StreamMLTracing.StartScore(context.ModelName, events.Length);
                _group.Apply(events, labels, router.Current.Routes, context.Time.GetUtcNow().UtcTicks);
            }
            finally
            {
                sink.Deliver(_group.Outcome);
            }

            return read(_group.Outcome);
        }
        finally
        {
            _group.ReleaseOutcome();
        }
    }

    /// <summary>
    /// Waits for a write of the group's state and reports its failure as a <see cref="GroupStateWriteException"/>: the
    /// records are applied in this activation, so the pump must neither dead-letter them nor checkpoint past them, and
    /// retries until storage is back (the entities skip what they applied).
    /// </summary>
    private async Task StateWrittenAsync(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new GroupStateWriteException($"entity group {this.GetPrimaryKeyLong()} could not write its state: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private Task PersistIfDueAsync() => _group.PendingChanges >= context.Entity.PersistEveryEvents ? PersistIfChangedAsync() : Task.CompletedTask;

    private async Task PersistIfChangedAsync()
    {
        if (_group.PendingChanges == 0)
        {
            return;
        }

        _group.TakeChangedChunks(_writing);
        var writes = new List<Task>();
        for (var c = 0; c < _chunks.Length; c++)
        {
            if (_writing[c])
            {
                _chunks[c].State.Data = EntityGroupState.Pack(_group.EntitiesIn(c), _packBuffer);
                writes.Add(WriteChunkAsync(c));
            }
        }

        await Task.WhenAll(writes);
    }

    private async Task WriteChunkAsync(int index)
    {
        var chunk = _chunks[index];
        try
        {
            await chunk.WriteStateAsync();
        }
        catch
        {
            // Not written: stay changed, so the next tick (or the checkpoint barrier) tries again.
            _group.MarkChanged(index);
            throw;
        }
        finally
        {
            chunk.State.Data = null;
        }
    }

    private sealed record ChunkConfiguration(string StateName) : IPersistentStateConfiguration
    {
        public string StorageName => GrainStorageNames.Entities;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Group} discarded the stored state of entity {Entity}: {Reason}")]
    private partial void LogStateDiscarded(long group, string entity, string reason);
}
