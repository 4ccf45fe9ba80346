using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Entities;

/// <summary>
/// A thin Orleans shell around <see cref="EntityProcessor"/>: routes the model, rents scorers for a batch, sends
/// predictions, dead letters and labelled examples to silo-local sinks, and writes its state behind the hot path
/// (every <c>Entity.PersistEveryEvents</c> events or <c>Entity.PersistInterval</c>, and on deactivation).
/// </summary>
internal sealed partial class EntityGrain(
    [PersistentState("entity", StreamMLStorage.Entities)] IPersistentState<EntityState> state,
    PlatformContext context,
    ModelRouter router,
    PredictionSink predictions,
    DeadLetterSink deadLetters,
    ExampleSink examples,
    PlatformInstruments instruments,
    ILogger<EntityGrain> logger) : Grain, IEntityGrain
{
    private EntityProcessor _processor = null!;
    private int _bucket;
    private int _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var entity = this.GetPrimaryKeyString();
        _bucket = RoutedModels.BucketOf(entity);
        _processor = Restore(entity);
        instruments.EntityActivated();
        // A random first tick spreads the writes of entities activated together over the whole period.
        var period = context.Entity.PersistInterval;
        var first = TimeSpan.FromTicks((long)(period.Ticks * (0.5 + (Random.Shared.NextDouble() * 0.5))));
        this.RegisterGrainTimer(static (grain, _) => grain.PersistIfDirtyAsync(), this, new GrainTimerCreationOptions(first, period) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        instruments.EntityDeactivated();
        await PersistIfDirtyAsync();
    }

    async ValueTask<EntityBatchResult> IEntityGrain.OnRecordsAsync(StreamEvent[] events, LabelEvent[] labels)
    {
        var result = events.Length > 0 ? await ApplyAsync(events, null) : default;
        return labels.Length > 0 ? result with { Labels = ApplyLabels(labels) } : result;
    }

    async ValueTask<Prediction[]> IEntityGrain.ScoreAsync(StreamEvent[] events)
    {
        var results = new List<Prediction>(events.Length);
        await ApplyAsync(events, results);
        return [.. results];
    }

    ValueTask<LabelBatchResult> IEntityGrain.OnLabelsAsync(LabelEvent[] labels) => ValueTask.FromResult(ApplyLabels(labels));

    private LabelBatchResult ApplyLabels(LabelEvent[] labels)
    {
        int matched = 0, unmatched = 0, duplicates = 0, expired = 0;
        var task = context.Schema.Task;
        foreach (var label in labels)
        {
            switch (_processor.ApplyLabel(label, out var joined))
            {
                case LabelOutcome.Matched:
                    matched++;
                    examples.TryWrite(new LabelledExample
                    {
                        Features = joined.Features.ToArray(),
                        Label = (float)joined.Label,
                        EventTicks = joined.EventTicks,
                        ModelVersion = joined.ModelVersion,
                        Prediction = task == Core.Schema.ModelTask.Regression ? joined.Score : joined.Probability,
                    });
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

        instruments.Labels("matched", matched);
        instruments.Labels("unmatched", unmatched);
        instruments.Labels("duplicate", duplicates);
        instruments.Labels("expired", expired);
        _dirty += matched;
        return new LabelBatchResult { Matched = matched, Unmatched = unmatched, Duplicates = duplicates, Expired = expired };
    }

    ValueTask<EntitySnapshot> IEntityGrain.GetAsync()
    {
        var w = _processor.Windows;
        var snapshot = new EntitySnapshot
        {
            Entity = _processor.Entity,
            Exists = w.Accepted > 0 || w.LateRejected > 0 || _processor.Duplicates > 0,
            Events = w.Accepted,
            OutOfOrder = w.OutOfOrder,
            LateAccepted = w.LateAccepted,
            LateRejected = w.LateRejected,
            Duplicates = _processor.Duplicates,
            Labels = _processor.LabelsMatched,
            LastEventTime = w.Accepted > 0 ? new DateTimeOffset(w.MaxEventTicks, TimeSpan.Zero) : null,
            Watermark = w.Accepted > 0 ? new DateTimeOffset(Math.Max(w.WatermarkTicks, 0), TimeSpan.Zero) : null,
            FeatureNames = [.. context.Plan.ColumnNames],
            Features = _processor.CurrentFeatures.ToArray(),
            LastPrediction = _processor.LastPrediction,
            AppliedOffsets = _processor.AppliedOffsets.ToDictionary(kv => kv.Key, kv => kv.Value),
            BufferedEvents = w.BufferedEvents,
            StateBytes = _processor.EstimatedBytes,
        };
        return ValueTask.FromResult(snapshot);
    }

    ValueTask IEntityGrain.FlushAsync() => new(PersistIfDirtyAsync());

    async Task<bool> IEntityGrain.EraseAsync()
    {
        var existed = state.RecordExists || _processor.Windows.Accepted > 0;
        await state.ClearStateAsync();
        _processor = new EntityProcessor(_processor.Entity, context.Plan, context.Entity);
        _dirty = 0;
        DeactivateOnIdle();
        return existed;
    }

    private async ValueTask<EntityBatchResult> ApplyAsync(StreamEvent[] events, List<Prediction>? results)
    {
        var (serving, route, shadow) = router.Current.For(_bucket);
        var servingScorer = serving?.Rent();
        var shadowScorer = shadow?.Rent();
        int scored = 0, duplicates = 0, late = 0, fallbacks = 0;
        var start = Stopwatch.GetTimestamp();
        try
        {
            var now = context.Time.GetUtcNow().UtcTicks;
            foreach (var e in events)
            {
                switch (_processor.Process(e, context.ModelName, servingScorer, route, shadowScorer, now, out var prediction))
                {
                    case EventOutcome.Scored or EventOutcome.ScoredLate:
                        scored++;
                        if (prediction.IsFallback)
                        {
                            fallbacks++;
                        }

                        predictions.Write(prediction);
                        results?.Add(prediction);
                        break;
                    case EventOutcome.Duplicate:
                        duplicates++;
                        break;
                    default:
                        late++;
                        RejectLate(e);
                        break;
                }
            }
        }
        finally
        {
            Return(serving, servingScorer);
            Return(shadow, shadowScorer);
        }

        if (scored > 0)
        {
            instruments.Scored(scored, fallbacks, PlatformInstruments.Milliseconds(start, Stopwatch.GetTimestamp()) / scored, RouteName(route, serving));
        }

        instruments.Duplicates(duplicates);
        _dirty += scored + late;
        if (_dirty >= context.Entity.PersistEveryEvents)
        {
            await PersistIfDirtyAsync();
        }

        return new EntityBatchResult { Scored = scored, Duplicates = duplicates, Late = late };
    }

    private void RejectLate(StreamEvent e)
    {
        var w = _processor.Windows;
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

    private static void Return(ScoringModel? model, ModelScorer? scorer)
    {
        if (model is not null && scorer is not null)
        {
            model.Return(scorer);
        }
    }

    private static string RouteName(PredictionRoute route, ScoringModel? serving) => serving is null ? "fallback" : route == PredictionRoute.Canary ? "canary" : "champion";

    private EntityProcessor Restore(string entity)
    {
        if (state.State.Data is not { Length: > 0 } data)
        {
            return new EntityProcessor(entity, context.Plan, context.Entity);
        }

        try
        {
            return EntityProcessor.ReadFrom(entity, context.Plan, context.Entity, data);
        }
        catch (InvalidDataException ex)
        {
            // State written under another schema (or damaged) cannot feed this model; the entity starts over rather than failing every call.
            LogStateDiscarded(entity, ex.Message);
            return new EntityProcessor(entity, context.Plan, context.Entity);
        }
    }

    private async Task PersistIfDirtyAsync()
    {
        if (_dirty == 0)
        {
            return;
        }

        var writer = new ArrayBufferWriter<byte>(256);
        _processor.WriteTo(writer);
        state.State.Data = writer.WrittenSpan.ToArray();
        var pending = _dirty;
        await state.WriteStateAsync();
        _dirty -= pending;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discarded the stored state of entity {Entity}: {Reason}")]
    private partial void LogStateDiscarded(string entity, string reason);
}
