using StreamML.Core.Entities;
using StreamML.Core.Hashing;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Entities;

/// <summary>
/// Where an entity group's batch outcome goes, in one hand-off: each prediction gets the silo's model anomaly score and
/// goes to the drift samples and the prediction sink; late events become dead letters; joined labels become labelled
/// examples, drift errors and per-version metrics; the counts feed the silo's instruments. Shared by every group of the
/// silo; each call reads one outcome synchronously, inside its group's turn.
/// </summary>
public sealed class GroupOutcomeSink(
    PlatformContext context,
    PredictionSink predictions,
    DeadLetterSink deadLetters,
    ExampleSink examples,
    MetricsAggregator metrics,
    PlatformInstruments instruments,
    DriftAggregator drift,
    ModelAnomalyDetector anomalies)
{
    /// <summary>Hands every part of <paramref name="outcome"/> to the silo service it is for; completes its predictions' model anomaly scores.</summary>
    public void Deliver(GroupOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        instruments.EntitiesActivated(outcome.NewEntities);
        DeliverPredictions(outcome);
        foreach (ref readonly var late in outcome.LateRejections)
        {
            deadLetters.TryAdd(LateEvent(late));
        }

        if (outcome.Scored > 0)
        {
            instruments.Scored(outcome.Scored, outcome.Fallbacks, outcome.ProcessingTime.TotalMilliseconds / outcome.Scored);
        }

        instruments.Duplicates(outcome.Duplicates);
        metrics.RecordCanary(outcome.CanaryRouted, outcome.CanaryMissed);
        if (outcome.Labels.Total > 0)
        {
            DeliverLabels(outcome);
        }
    }

    /// <summary>
    /// Waits until every labelled example and dead letter handed on so far has reached its store, so that an erasure
    /// that follows finds them there rather than in this silo's queues.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await examples.FlushAsync(cancellationToken).ConfigureAwait(false);
        await deadLetters.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts entities read back from stored state into a group.</summary>
    public void EntitiesRestored(int count) => instruments.EntitiesActivated(count);

    /// <summary>Counts entities leaving a group's memory (deactivation or erasure).</summary>
    public void EntitiesReleased(int count) => instruments.EntitiesDeactivated(count);

    /// <summary>The label batch result the grain answers with.</summary>
    public static LabelBatchResult ResultOf(LabelCounts labels) =>
        new() { Matched = labels.Matched, Unmatched = labels.Unmatched, Duplicates = labels.Duplicates, Expired = labels.Expired };

    private void DeliverPredictions(GroupOutcome outcome)
    {
        var scored = outcome.Predictions;
        for (var i = 0; i < scored.Length; i++)
        {
            ref var prediction = ref scored[i];
            if (!prediction.IsFallback)
            {
                drift.Observe(outcome.EventOf(i), prediction);
            }

            if (anomalies.Enabled)
            {
                prediction = prediction with { ModelAnomalyScore = anomalies.ScoreAndLearn(outcome.FeaturesOf(i)) };
            }

            predictions.Write(prediction);
        }
    }

    private void DeliverLabels(GroupOutcome outcome)
    {
        var task = context.Plan.TaskKind;
        var labelled = outcome.Labelled;
        for (var i = 0; i < labelled.Count; i++)
        {
            var joined = labelled[i];
            examples.TryWrite(new LabelledExample
            {
                Features = joined.Features.ToArray(),
                Label = (float)joined.Label,
                EventTicks = joined.EventTicks,
                ModelVersion = joined.ModelVersion,
                Prediction = task.ServedValue(joined.Score, joined.Probability),
                EntityKey = joined.Entity is { } entity ? EntityHash.Hash64(entity) : 0,
            });
            if (joined.Error is { } error)
            {
                drift.ObserveError(joined.ModelVersion, error);
            }
        }

        var labels = outcome.Labels;
        instruments.Labels(labels.Matched, labels.Unmatched, labels.Duplicates, labels.Expired);
        metrics.RecordLabels(outcome.Labelled, ResultOf(labels));
    }

    private static DeadLetter LateEvent(in LateRejection late)
    {
        var time = new DateTimeOffset(late.EventTicks, TimeSpan.Zero);
        var limit = new DateTimeOffset(late.LimitTicks, TimeSpan.Zero);
        return new DeadLetter
        {
            Reason = "LateEvent",
            Message = $"event time {time:O} is before {limit:O}, the entity's watermark less the allowed lateness",
            Source = late.Partition >= 0 ? "partition" : "api",
            Partition = late.Partition,
            Offset = late.Partition >= 0 ? late.Offset : -1,
            Entity = late.Entity,
            EventId = late.EventId,
        };
    }
}
