using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Entities;

/// <summary>
/// Hosts the <see cref="EntityProcessor"/>s of the entities that hash to this group: routes each entity's model, rents
/// scorers once per call, sends predictions, dead letters and labelled examples to silo-local sinks, and writes its state
/// behind the hot path (every <c>Entity.PersistEveryEvents</c> events or <c>Entity.PersistInterval</c>, and on
/// deactivation). The state is split into <c>Entity.StateChunks</c> pieces by entity hash; only changed pieces are
/// written.
/// </summary>
internal sealed partial class EntityGroupGrain(
    IGrainContext grainContext,
    IPersistentStateFactory stateFactory,
    PlatformContext context,
    ModelRouter router,
    ModelCache models,
    PredictionSink predictions,
    DeadLetterSink deadLetters,
    ExampleSink examples,
    MetricsAggregator metrics,
    PlatformInstruments instruments,
    DriftAggregator drift,
    ModelAnomalyDetector anomalies,
    ILogger<EntityGroupGrain> logger) : Grain, IEntityGroupGrain
{
    // Created here so that the activation reads them in its state-setup stage, before OnActivateAsync.
    private readonly IPersistentState<EntityGroupState>[] _chunks = [.. Enumerable.Range(0, context.Entity.StateChunks)
        .Select(i => stateFactory.Create<EntityGroupState>(grainContext, new ChunkConfiguration("group" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))))];

    private readonly bool[] _dirtyChunks = new bool[context.Entity.StateChunks];
    private readonly System.Buffers.ArrayBufferWriter<byte> _packBuffer = new(4_096);
    private readonly Dictionary<string, EntitySlot> _entities = new(StringComparer.Ordinal);
    private readonly Guid _incarnation = Guid.NewGuid();
    private readonly List<LabelledPrediction> _joined = [];
    private int _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in _chunks)
        {
            foreach (var (entity, processor) in EntityGroupState.Unpack(chunk.State.Data, context.Plan, context.Entity, (e, reason) => LogStateDiscarded(this.GetPrimaryKeyLong(), e, reason)))
            {
                _entities[entity] = Slot(entity, processor);
            }

            chunk.State.Data = null;
        }

        instruments.EntitiesActivated(_entities.Count);

        // A random first tick spreads the writes of groups activated together over the whole period.
        var period = context.Entity.PersistInterval;
        var first = TimeSpan.FromTicks((long)(period.Ticks * (0.5 + (Random.Shared.NextDouble() * 0.5))));
        this.RegisterGrainTimer(static (grain, _) => grain.PersistIfDirtyAsync(), this, new GrainTimerCreationOptions(first, period) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await PersistIfDirtyAsync();
        instruments.EntitiesDeactivated(_entities.Count);
    }

    async ValueTask<EntityBatchResult> IEntityGroupGrain.OnRecordsAsync(StreamEvent[] events, LabelEvent[] labels)
    {
        var result = events.Length > 0 ? Apply(events, null) : default;
        if (labels.Length > 0)
        {
            result = result with { Labels = ApplyLabels(labels) };
        }

        await PersistIfDueAsync();
        return result;
    }

    async ValueTask<Prediction[]> IEntityGroupGrain.ScoreAsync(StreamEvent[] events)
    {
        var results = new List<Prediction>(events.Length);
        Apply(events, results);
        await PersistIfDueAsync();
        return [.. results];
    }

    async ValueTask<LabelBatchResult> IEntityGroupGrain.OnLabelsAsync(LabelEvent[] labels)
    {
        var result = ApplyLabels(labels);
        await PersistIfDueAsync();
        return result;
    }

    ValueTask<EntitySnapshot> IEntityGroupGrain.GetAsync(string entity)
    {
        if (!_entities.TryGetValue(entity, out var slot))
        {
            return ValueTask.FromResult(new EntitySnapshot { Entity = entity, Exists = false, FeatureNames = [.. context.Plan.ColumnNames] });
        }

        var processor = slot.Processor;
        var w = processor.Windows;
        return ValueTask.FromResult(new EntitySnapshot
        {
            Entity = entity,
            Exists = true,
            Events = w.Accepted,
            OutOfOrder = w.OutOfOrder,
            LateAccepted = w.LateAccepted,
            LateRejected = w.LateRejected,
            Duplicates = processor.Duplicates,
            Labels = processor.LabelsMatched,
            LastEventTime = w.Accepted > 0 ? new DateTimeOffset(w.MaxEventTicks, TimeSpan.Zero) : null,
            Watermark = w.Accepted > 0 ? new DateTimeOffset(Math.Max(w.WatermarkTicks, 0), TimeSpan.Zero) : null,
            FeatureNames = [.. context.Plan.ColumnNames],
            Features = processor.CurrentFeatures.ToArray(),
            LastPrediction = processor.LastPrediction,
            AppliedOffsets = processor.AppliedOffsets.ToDictionary(kv => kv.Key, kv => kv.Value),
            BufferedEvents = w.BufferedEvents,
            StateBytes = processor.EstimatedBytes,
        });
    }

    ValueTask IEntityGroupGrain.FlushAsync() => new(PersistIfDirtyAsync());

    async ValueTask<EntityBatchResult> IEntityGroupGrain.ApplyAsync(Guid expectedIncarnation, StreamEvent[] events, LabelEvent[] labels)
    {
        if (expectedIncarnation != Guid.Empty && expectedIncarnation != _incarnation)
        {
            return new EntityBatchResult { Refused = true, Incarnation = _incarnation };
        }

        var result = events.Length > 0 ? Apply(events, null) : default;
        if (labels.Length > 0)
        {
            result = result with { Labels = ApplyLabels(labels) };
        }

        await PersistIfDueAsync();
        return result with { Incarnation = _incarnation };
    }

    async ValueTask<bool> IEntityGroupGrain.FlushIfAsync(Guid expectedIncarnation)
    {
        if (expectedIncarnation != Guid.Empty && expectedIncarnation != _incarnation)
        {
            return false;
        }

        await PersistIfDirtyAsync();
        return true;
    }

    async Task<bool> IEntityGroupGrain.EraseAsync(string entity)
    {
        if (!_entities.Remove(entity, out var slot))
        {
            return false;
        }

        instruments.EntitiesDeactivated(1);

        // Erasure must not wait for the next write: the entity's data leaves storage now.
        _dirtyChunks[slot.Chunk] = true;
        _dirty++;
        await PersistIfDirtyAsync();
        return true;
    }

    private EntityBatchResult Apply(StreamEvent[] events, List<Prediction>? results)
    {
        var routed = router.Current;
        ScoringModel? champion = routed.Champion, challenger = routed.Challenger;
        var championScorer = champion?.Rent();
        var challengerScorer = challenger?.Rent();
        int scored = 0, duplicates = 0, late = 0, fallbacks = 0, canaryRouted = 0, canaryMissed = 0;
        var canaryShare = routed.Routing.Challenger > 0 && !routed.Routing.Shadow ? routed.Routing.CanaryBasisPoints : 0;
        var start = Stopwatch.GetTimestamp();
        try
        {
            var now = context.Time.GetUtcNow().UtcTicks;
            foreach (var e in events)
            {
                var slot = Processor(e.Entity);
                var processor = slot.Processor;
                var (serving, route, shadow) = routed.For(slot.Bucket);
                var servingScorer = serving is null ? null : ReferenceEquals(serving, champion) ? championScorer : challengerScorer;
                var shadowScorer = shadow is null ? null : challengerScorer;
                if (slot.Bucket < canaryShare)
                {
                    // The canary's share, counted so the rollout gate can tell a challenger that never served it.
                    canaryRouted++;
                    canaryMissed += route == PredictionRoute.Canary ? 0 : 1;
                }

                switch (processor.Process(e, context.ModelName, servingScorer, route, shadowScorer, now, out var prediction))
                {
                    case EventOutcome.Scored or EventOutcome.ScoredLate:
                        _dirtyChunks[slot.Chunk] = true;
                        scored++;
                        if (prediction.IsFallback)
                        {
                            fallbacks++;
                        }
                        else
                        {
                            drift.Observe(e, prediction);
                        }

                        if (anomalies.Enabled)
                        {
                            prediction = prediction with { ModelAnomalyScore = anomalies.ScoreAndLearn(processor.CurrentFeatures) };
                        }

                        predictions.Write(prediction);
                        results?.Add(prediction);
                        break;
                    case EventOutcome.Duplicate:
                        duplicates++;
                        break;
                    default:
                        _dirtyChunks[slot.Chunk] = true;
                        late++;
                        RejectLate(processor, e);
                        break;
                }
            }
        }
        finally
        {
            if (championScorer is not null)
            {
                champion!.Return(championScorer);
            }

            if (challengerScorer is not null)
            {
                challenger!.Return(challengerScorer);
            }
        }

        if (scored > 0)
        {
            instruments.Scored(scored, fallbacks, PlatformInstruments.Milliseconds(start, Stopwatch.GetTimestamp()) / scored);
        }

        instruments.Duplicates(duplicates);
        metrics.RecordCanary(canaryRouted, canaryMissed);
        _dirty += scored + late;
        return new EntityBatchResult { Scored = scored, Duplicates = duplicates, Late = late };
    }

    /// <summary>
    /// A multiclass prediction remembers its class and that class's probability; its log loss and AUC need every class's
    /// probability, which the version that served it (and the shadow version) gives when scored again on the remembered
    /// features. A version no longer loaded on this silo leaves them unknown: accuracy still counts.
    /// </summary>
    private LabelledPrediction WithClassProbabilities(LabelledPrediction joined)
    {
        var served = ClassesOf(joined.ModelVersion, joined);
        var shadow = joined.ShadowVersion > 0 ? ClassesOf(joined.ShadowVersion, joined) : null;
        return joined with
        {
            Probability = served?.Of(joined.Label) ?? float.NaN,
            ShadowProbability = shadow?.Of(joined.Label) ?? float.NaN,
            ServedClasses = served,
            ShadowClasses = shadow,
        };

        ClassProbabilities? ClassesOf(int version, in LabelledPrediction j)
        {
            if (version <= 0 || models.TryGetLoaded(context.ModelName, version) is not { } model)
            {
                return null;
            }

            var scorer = model.Rent();
            try
            {
                return scorer.ClassProbabilitiesOf(j.Features.Span);
            }
            finally
            {
                model.Return(scorer);
            }
        }
    }

    private LabelBatchResult ApplyLabels(LabelEvent[] labels)
    {
        int matched = 0, unmatched = 0, duplicates = 0, expired = 0;
        var regression = context.Schema.Task == ModelTask.Regression;
        var multiclass = context.Schema.Task == ModelTask.MulticlassClassification;
        _joined.Clear();
        foreach (var label in labels)
        {
            if (!_entities.TryGetValue(label.Entity, out var slot))
            {
                unmatched++;
                continue;
            }

            switch (slot.Processor.ApplyLabel(label, out var joined))
            {
                case LabelOutcome.Matched:
                    _dirtyChunks[slot.Chunk] = true;
                    matched++;
                    if (multiclass)
                    {
                        joined = WithClassProbabilities(joined);
                    }

                    _joined.Add(joined);
                    examples.TryWrite(new LabelledExample
                    {
                        Features = joined.Features.ToArray(),
                        Label = (float)joined.Label,
                        EventTicks = joined.EventTicks,
                        ModelVersion = joined.ModelVersion,
                        Prediction = regression || multiclass ? joined.Score : joined.Probability,
                    });
                    if (regression)
                    {
                        drift.ObserveError(joined.ModelVersion, Math.Abs(joined.Score - (float)joined.Label));
                    }
                    else if (context.Schema.Task == ModelTask.BinaryClassification)
                    {
                        drift.ObserveError(joined.ModelVersion, (joined.Probability >= 0.5f ? 1f : 0f) == (float)joined.Label ? 0f : 1f);
                    }
                    else if (multiclass && !float.IsNaN(joined.Score))
                    {
                        drift.ObserveError(joined.ModelVersion, MathF.Round(joined.Score) == MathF.Round((float)joined.Label) ? 0f : 1f);
                    }

                    break;
                case LabelOutcome.Duplicate:
                    duplicates++;
                    break;
                case LabelOutcome.Expired:
                    expired++;
                    break;
                default:
                    unmatched++;
                    break;
            }
        }

        instruments.Labels(matched, unmatched, duplicates, expired);
        _dirty += matched;
        var result = new LabelBatchResult { Matched = matched, Unmatched = unmatched, Duplicates = duplicates, Expired = expired };
        metrics.RecordLabels(_joined, result);
        _joined.Clear();
        return result;
    }

    private EntitySlot Processor(string entity)
    {
        if (_entities.TryGetValue(entity, out var slot))
        {
            return slot;
        }

        slot = Slot(entity, new EntityProcessor(entity, context.Plan, context.Entity));
        _entities.Add(entity, slot);
        instruments.EntitiesActivated(1);
        return slot;
    }

    private EntitySlot Slot(string entity, EntityProcessor processor)
    {
        var hash = Core.Hashing.EntityHash.Hash64(entity);
        return new EntitySlot(processor, (int)(hash % Core.Hashing.EntityHash.CanaryBuckets), (int)((hash >> 32) % (ulong)_chunks.Length));
    }

    private void RejectLate(EntityProcessor processor, StreamEvent e)
    {
        var w = processor.Windows;
        var limit = new DateTimeOffset(Math.Max(0, w.WatermarkTicks - context.Schema.AllowedLateness.Ticks), TimeSpan.Zero);
        deadLetters.TryAdd(new DeadLetter
        {
            Reason = "LateEvent",
            Message = $"event time {e.Time:O} is before {limit:O}, the entity's watermark less the allowed lateness",
            Source = e.Partition >= 0 ? "partition" : "api",
            Partition = e.Partition,
            Offset = e.Partition >= 0 ? e.Sequence : -1,
            Entity = e.Entity,
            EventId = e.Id,
        });
    }

    private Task PersistIfDueAsync() => _dirty >= context.Entity.PersistEveryEvents ? PersistIfDirtyAsync() : Task.CompletedTask;

    private async Task PersistIfDirtyAsync()
    {
        if (_dirty == 0)
        {
            return;
        }

        _dirty = 0;
        var writes = new List<Task>();
        for (var c = 0; c < _chunks.Length; c++)
        {
            if (!_dirtyChunks[c])
            {
                continue;
            }

            _dirtyChunks[c] = false;
            var chunk = _chunks[c];
            var index = c;
            var members = _entities.Values.Where(s => s.Chunk == index).Select(s => s.Processor);
            chunk.State.Data = EntityGroupState.Pack(members, _packBuffer);
            writes.Add(WriteChunkAsync(chunk, c));
        }

        await Task.WhenAll(writes);
    }

    private async Task WriteChunkAsync(IPersistentState<EntityGroupState> chunk, int index)
    {
        try
        {
            await chunk.WriteStateAsync();
        }
        catch
        {
            // Not written: stay dirty, so the next tick (or the checkpoint barrier) tries again.
            _dirtyChunks[index] = true;
            _dirty++;
            throw;
        }
        finally
        {
            chunk.State.Data = null;
        }
    }

    /// <summary>An entity with what the hot path needs about it, computed once: its canary bucket and its state chunk.</summary>
    private sealed record EntitySlot(EntityProcessor Processor, int Bucket, int Chunk);

    private sealed record ChunkConfiguration(string StateName) : IPersistentStateConfiguration
    {
        public string StorageName => GrainStorageNames.Entities;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Group} discarded the stored state of entity {Entity}: {Reason}")]
    private partial void LogStateDiscarded(long group, string entity, string reason);
}
