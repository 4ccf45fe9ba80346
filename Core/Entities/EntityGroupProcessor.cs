using System.Diagnostics;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Hashing;
using StreamML.Core.Models;
using StreamML.Core.Tasks;

namespace StreamML.Core.Entities;

/// <summary>
/// Everything a group of entities does with a batch of records, free of any hosting: keeps the <see cref="EntityProcessor"/>
/// of each entity with its canary bucket and state chunk, routes each event to the champion, canary or shadow version by
/// bucket, rents one scorer per version per batch, counts the canary share, refuses late events, joins labels and judges
/// them by the model's task, and hands back one <see cref="GroupOutcome"/> per batch. It also tracks which state chunks
/// changed, for the host that writes them. The entity group grain hosts one; tests and tools host it directly.
/// Not thread-safe.
/// </summary>
public sealed partial class EntityGroupProcessor
{
    private readonly string _model;
    private readonly FeaturePlan _plan;
    private readonly EntityOptions _options;
    private readonly ModelTaskKind _task;
    private readonly ILoadedModels _loaded;
    private readonly Dictionary<string, EntitySlot> _entities = new(StringComparer.Ordinal);
    private readonly bool[] _changedChunks;
    private readonly GroupOutcome _outcome;

    /// <summary>Creates an empty group.</summary>
    /// <param name="model">The model name, carried into predictions and used to find loaded versions.</param>
    /// <param name="plan">The compiled feature plan every entity shares.</param>
    /// <param name="options">Entity options.</param>
    /// <param name="stateChunks">Pieces the group's state is split into by entity hash (at least 1).</param>
    /// <param name="loaded">The versions loaded in this process, scored again at a label when the task needs every class's probability.</param>
    public EntityGroupProcessor(string model, FeaturePlan plan, EntityOptions options, int stateChunks, ILoadedModels loaded)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateChunks, 1);
        _model = model;
        _plan = plan;
        _options = options;
        _task = plan.TaskKind;
        _loaded = loaded;
        _changedChunks = new bool[stateChunks];
        _outcome = new GroupOutcome(plan.VectorLength);
    }

    /// <summary>Entities held.</summary>
    public int Count => _entities.Count;

    /// <summary>Pieces the group's state is split into.</summary>
    public int StateChunks => _changedChunks.Length;

    /// <summary>
    /// State changes (events applied or refused, labels joined, erasures, writes that failed) since
    /// <see cref="TakeChangedChunks"/> last took them.
    /// </summary>
    public int PendingChanges { get; private set; }

    /// <summary>The outcome of the last batch (the one <see cref="Apply"/> returned, partly filled if the batch threw).</summary>
    public GroupOutcome Outcome => _outcome;

    /// <summary>
    /// Empties <see cref="Outcome"/> once its host has read it, so that neither the events, predictions and labels of the
    /// last batch nor room for a large batch are kept while the group waits for the next one.
    /// </summary>
    public void ReleaseOutcome() => _outcome.Release();

    /// <summary>
    /// Applies a batch: the events in order (scored with the version <paramref name="routes"/> gives each entity's bucket),
    /// then the labels.
    /// </summary>
    /// <param name="events">Events, in source order.</param>
    /// <param name="labels">Labels, in source order.</param>
    /// <param name="routes">The versions serving the model now.</param>
    /// <param name="nowTicks">The clock's time (UTC ticks), stamped on predictions as their scoring time.</param>
    /// <returns>The batch's outcome (the same instance every batch).</returns>
    public GroupOutcome Apply(ReadOnlySpan<EventEnvelope> events, ReadOnlySpan<LabelEnvelope> labels, ServingRoutes routes, long nowTicks)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _outcome.Reset();
        if (events.Length > 0)
        {
            ProcessEvents(events, routes, nowTicks);
        }

        if (labels.Length > 0)
        {
            ApplyLabels(labels);
        }

        return _outcome;
    }

    /// <summary>The entity's processor, if the group holds the entity.</summary>
    public bool TryGet(string entity, out EntityProcessor processor)
    {
        var found = _entities.TryGetValue(entity, out var slot);
        processor = slot?.Processor!;
        return found;
    }

    /// <summary>Takes in an entity read back from stored state (it replaces any held under the same id).</summary>
    public void Restore(EntityProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        _entities[processor.Entity] = Slot(processor);
    }

    /// <summary>Forgets an entity and marks its state chunk changed, so the next write drops it from storage.</summary>
    /// <returns>Whether the group held the entity.</returns>
    public bool Erase(string entity)
    {
        if (!_entities.Remove(entity, out var slot))
        {
            return false;
        }

        MarkChanged(slot.Chunk);
        return true;
    }

    /// <summary>The entities whose state lives in <paramref name="chunk"/>.</summary>
    public IEnumerable<EntityProcessor> EntitiesIn(int chunk) => _entities.Values.Where(s => s.Chunk == chunk).Select(s => s.Processor);

    /// <summary>
    /// Takes the pending changes for writing: clears <see cref="PendingChanges"/> and returns which chunks changed, each
    /// cleared. A chunk the host then fails to write goes back with <see cref="MarkChanged"/>.
    /// </summary>
    /// <param name="changed">Receives, per chunk, whether it changed; as long as <see cref="StateChunks"/>.</param>
    public void TakeChangedChunks(Span<bool> changed)
    {
        PendingChanges = 0;
        _changedChunks.CopyTo(changed);
        Array.Clear(_changedChunks);
    }

    /// <summary>Marks a state chunk changed (one more pending change), for instance because writing it failed.</summary>
    public void MarkChanged(int chunk)
    {
        _changedChunks[chunk] = true;
        PendingChanges++;
    }

    private void ProcessEvents(ReadOnlySpan<EventEnvelope> events, ServingRoutes routes, long nowTicks)
    {
        ScoringModel? champion = routes.Champion, challenger = routes.Challenger;
        var championScorer = champion?.Rent();
        var challengerScorer = challenger?.Rent();
        var canaryShare = routes.CanaryShare;
        var start = Stopwatch.GetTimestamp();
        try
        {
            foreach (ref readonly var envelope in events)
            {
                var slot = SlotOf(envelope.Event.Entity);
                var (serving, route, shadow) = routes.For(slot.Bucket);
                var servingScorer = serving is null ? null : ReferenceEquals(serving, champion) ? championScorer : challengerScorer;
                var shadowScorer = shadow is null ? null : challengerScorer;
                if (slot.Bucket < canaryShare)
                {
                    _outcome.CanaryRouted++;
                    _outcome.CanaryMissed += route == PredictionRoute.Canary ? 0 : 1;
                }

                var processor = slot.Processor;
                switch (processor.Process(envelope, _model, servingScorer, route, shadowScorer, nowTicks, out var prediction))
                {
                    case EventOutcome.Scored or EventOutcome.ScoredLate:
                        MarkChanged(slot.Chunk);
                        _outcome.AddScored(envelope.Event, prediction, processor.CurrentFeatures);
                        break;
                    case EventOutcome.Duplicate:
                        _outcome.Duplicates++;
                        break;
                    default:
                        MarkChanged(slot.Chunk);
                        var w = processor.Windows;
                        _outcome.AddLate(new LateRejection(
                            envelope.Event.Id, envelope.Event.Entity, envelope.Event.TimeTicks, Math.Max(0, w.WatermarkTicks - _plan.Schema.AllowedLateness.Ticks),
                            envelope.Partition, envelope.Offset));
                        break;
                }
            }
        }
        finally
        {
            _outcome.ProcessingTime = Stopwatch.GetElapsedTime(start);
            if (championScorer is not null)
            {
                champion!.Return(championScorer);
            }

            if (challengerScorer is not null)
            {
                challenger!.Return(challengerScorer);
            }
        }
    }

    private EntitySlot SlotOf(string entity)
    {
        if (_entities.TryGetValue(entity, out var slot))
        {
            return slot;
        }

        slot = Slot(new EntityProcessor(entity, _plan, _options));
        _entities.Add(entity, slot);
        _outcome.NewEntities++;
        return slot;
    }

    private EntitySlot Slot(EntityProcessor processor)
    {
        var hash = EntityHash.Hash64(processor.Entity);
        return new EntitySlot(processor, (int)(hash % EntityHash.CanaryBuckets), (int)((hash >> 32) % (ulong)_changedChunks.Length));
    }

    /// <summary>An entity with what the hot path needs about it, computed once: its canary bucket and its state chunk.</summary>
    private sealed record EntitySlot(EntityProcessor Processor, int Bucket, int Chunk);
}
