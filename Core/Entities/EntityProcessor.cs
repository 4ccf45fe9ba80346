using StreamML.Core.Anomaly;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Models;

namespace StreamML.Core.Entities;

/// <summary>
/// Everything one entity does with its events, free of any hosting: skip replays by per-partition offset, update the
/// windows, compute features, score them, and remember the prediction for the label that comes later. The entity
/// grain hosts one; the benchmark's bare loop and the edge scorer host it directly. Not thread-safe.
/// </summary>
public sealed partial class EntityProcessor
{
    private readonly FeaturePlan _plan;
    private readonly int _remember;
    private readonly long _ttlTicks;
    private EntityWindows _windows;
    private int[] _partitions = [];
    private long[] _offsets = [];
    private Remembered[] _ring = [];
    private float[] _ringFeatures = [];
    private float[]? _scratch;
    private int _ringNext;
    private int _currentOffset = -1;
    private RobustZScore _anomaly;
    private LabelMemory _labels = LabelMemory.None;

    /// <summary>Creates the state of a new entity.</summary>
    public EntityProcessor(string entity, FeaturePlan plan, EntityOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        Entity = entity;
        _plan = plan;
        _remember = options.RememberPredictions;
        _ttlTicks = options.PredictionTtl.Ticks;
        _windows = new EntityWindows(plan);
    }

    /// <summary>The entity id.</summary>
    public string Entity { get; }

    /// <summary>The windows of the entity.</summary>
    public EntityWindows Windows => _windows;

    /// <summary>Replayed events skipped.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Labels joined with a prediction.</summary>
    public long LabelsMatched { get; private set; }

    /// <summary>Events scored (including late ones).</summary>
    public long Scored { get; private set; }

    /// <summary>The last prediction made.</summary>
    public Prediction? LastPrediction { get; private set; }

    /// <summary>Highest applied offset per partition.</summary>
    public IEnumerable<KeyValuePair<int, long>> AppliedOffsets => _partitions.Select((p, i) => new KeyValuePair<int, long>(p, _offsets[i]));

    /// <summary>An estimate of the heap bytes this entity holds.</summary>
    public int EstimatedBytes =>
        96 + _windows.EstimatedBytes + (_partitions.Length * 12) + (_ring.Length * 56) + (_ringFeatures.Length * 4) + ((_scratch?.Length ?? 0) * 4) + 48
        + 12 + _anomaly.EstimatedBytes + 24;

    /// <summary>
    /// Processes one event: skips it if its offset was already applied, applies it to the windows, scores the
    /// features with <paramref name="serving"/> (a fallback when null) and, when given, <paramref name="shadow"/>.
    /// </summary>
    /// <param name="envelope">The event, with the partition and offset replays are skipped by and its ingest time.</param>
    /// <param name="model">The model name, carried into the prediction.</param>
    /// <param name="serving">The scorer of the version routed to this entity, or null when no model is ready.</param>
    /// <param name="route">Which route <paramref name="serving"/> is (champion or canary).</param>
    /// <param name="shadow">A challenger scored in shadow, or null.</param>
    /// <param name="nowTicks">The clock's time (UTC ticks), stamped as the scoring time.</param>
    /// <param name="prediction">The prediction, when the outcome is scored.</param>
    public EventOutcome Process(in EventEnvelope envelope, string model, ModelScorer? serving, PredictionRoute route, ModelScorer? shadow, long nowTicks, out Prediction prediction)
    {
        var e = envelope.Event;
        ArgumentNullException.ThrowIfNull(e);
        prediction = default;
        var slot = envelope.IsFromLog ? SlotOf(envelope.Partition) : -1;
        if (slot >= 0 && envelope.Offset <= _offsets[slot])
        {
            Duplicates++;
            return EventOutcome.Duplicate;
        }

        var features = NextFeatureBuffer(out var ringIndex);
        var admission = _windows.Process(e.TimeTicks, e.Values, features);
        if (admission != EventAdmission.RejectedLate && _plan.LabelOffset >= 0)
        {
            _labels.WriteTo(features[_plan.LabelOffset..]);
            _labels = _labels.AfterEvent();
        }
        if (slot >= 0)
        {
            _offsets[slot] = envelope.Offset;
        }
        else if (envelope.IsFromLog)
        {
            AddPartition(envelope.Partition, envelope.Offset);
        }

        if (admission == EventAdmission.RejectedLate)
        {
            return EventOutcome.RejectedLate;
        }

        // Judged against the entity's history before the event joins it.
        var anomaly = _anomaly.ScoreAndUpdate(e.Values);
        float score, probability;
        int version;
        if (serving is null)
        {
            // Without a model the entity's own label history is the best guess it has (its weighted label mean, or for
            // several classes its last class), else a coin.
            route = PredictionRoute.Fallback;
            version = 0;
            var fallback = _plan.TaskKind.Fallback(_plan.LabelOffset >= 0 ? features.Slice(_plan.LabelOffset, FeaturePlan.LabelColumns.Count) : []);
            score = fallback.Score;
            probability = fallback.Probability;
        }
        else
        {
            var s = serving.Score(features);
            score = s.Score;
            probability = s.Probability;
            version = serving.Model.Info.Version;
        }

        var shadowVersion = 0;
        float shadowScore = float.NaN, shadowProbability = float.NaN;
        if (shadow is not null)
        {
            var s = shadow.Score(features);
            shadowVersion = shadow.Model.Info.Version;
            shadowScore = s.Score;
            shadowProbability = s.Probability;
        }

        prediction = new Prediction
        {
            EventId = e.Id,
            Entity = Entity,
            Model = model,
            ModelVersion = version,
            Route = route,
            Score = score,
            Probability = probability,
            ShadowVersion = shadowVersion,
            ShadowScore = shadowScore,
            ShadowProbability = shadowProbability,
            EventTicks = e.TimeTicks,
            IngestTicks = envelope.IngestTicks,
            ScoredTicks = nowTicks,
            Segment = e.Segment,
            AnomalyScore = anomaly,
        };

        _currentOffset = ringIndex >= 0 ? ringIndex * _plan.VectorLength : -1;
        if (ringIndex >= 0)
        {
            Remember(ringIndex, new Remembered(e.Id, version, score, probability, shadowVersion, shadowScore, shadowProbability, e.TimeTicks, false));
        }

        LastPrediction = prediction;
        Scored++;
        return admission == EventAdmission.AcceptedLate ? EventOutcome.ScoredLate : EventOutcome.Scored;
    }

    /// <summary>Joins a label with the remembered prediction of its event.</summary>
    /// <param name="label">The label.</param>
    /// <param name="joined">The prediction with its label and features, when matched.</param>
    public LabelOutcome ApplyLabel(LabelEvent label, out LabelledPrediction joined)
    {
        ArgumentNullException.ThrowIfNull(label);
        joined = default;
        for (var i = 0; i < _ring.Length; i++)
        {
            ref var r = ref _ring[i];
            if (r.EventId is null || !string.Equals(r.EventId, label.EventId, StringComparison.Ordinal))
            {
                continue;
            }

            if (r.Labelled)
            {
                return LabelOutcome.Duplicate;
            }

            if (label.TimeTicks > 0 && label.TimeTicks - r.EventTicks > _ttlTicks)
            {
                return LabelOutcome.Expired;
            }

            r = r with { Labelled = true };
            LabelsMatched++;
            Reveal(label.Label);
            var width = _plan.VectorLength;
            joined = new LabelledPrediction(r.EventId, r.Version, r.Score, r.Probability, r.ShadowVersion, r.ShadowScore, r.ShadowProbability,
                label.Label, r.EventTicks, new ReadOnlyMemory<float>(_ringFeatures, i * width, width));
            return LabelOutcome.Matched;
        }

        // The prediction is gone (or never existed here), but the label still tells what the entity's outcome was.
        Reveal(label.Label);
        return LabelOutcome.Unmatched;
    }

    private void Reveal(double label)
    {
        if (_plan.LabelOffset >= 0 && double.IsFinite(label))
        {
            _labels = _labels.Reveal(label, _plan.Schema.LabelEwmaAlpha);
        }
    }

    private Span<float> NextFeatureBuffer(out int ringIndex)
    {
        var width = _plan.VectorLength;
        if (_remember == 0)
        {
            ringIndex = -1;
            _scratch ??= new float[width];
            return _scratch;
        }

        if (_ringNext == _ring.Length)
        {
            // Grow the ring as predictions accumulate, so a short-lived entity does not pay for the whole ring.
            var size = Math.Min(_remember, Math.Max(2, _ring.Length * 2));
            Array.Resize(ref _ring, size);
            Array.Resize(ref _ringFeatures, size * width);
        }

        ringIndex = _ringNext;
        return _ringFeatures.AsSpan(ringIndex * width, width);
    }

    private void Remember(int ringIndex, in Remembered entry)
    {
        _ring[ringIndex] = entry;
        _ringNext = ringIndex + 1;
        if (_ringNext == _remember)
        {
            _ringNext = 0;
        }
    }

    /// <summary>The feature vector of the last scored event (a view, valid until the next call), or empty.</summary>
    public ReadOnlySpan<float> CurrentFeatures =>
        _currentOffset >= 0 ? _ringFeatures.AsSpan(_currentOffset, _plan.VectorLength) : _scratch is not null && Scored > 0 ? _scratch : ReadOnlySpan<float>.Empty;

    private int SlotOf(int partition)
    {
        for (var i = 0; i < _partitions.Length; i++)
        {
            if (_partitions[i] == partition)
            {
                return i;
            }
        }

        return -1;
    }

    private void AddPartition(int partition, long offset)
    {
        Array.Resize(ref _partitions, _partitions.Length + 1);
        Array.Resize(ref _offsets, _offsets.Length + 1);
        _partitions[^1] = partition;
        _offsets[^1] = offset;
    }

    /// <summary>What the entity's labels revealed: the last one, their weighted mean, and events scored since the last one.</summary>
    private readonly record struct LabelMemory(double Last, double Mean, long EventsSince)
    {
        public static LabelMemory None => new(double.NaN, double.NaN, 0);

        public LabelMemory Reveal(double label, double alpha) =>
            new(label, double.IsNaN(Mean) ? label : Mean + (alpha * (label - Mean)), 0);

        public LabelMemory AfterEvent() => this with { EventsSince = EventsSince + 1 };

        public void WriteTo(Span<float> columns)
        {
            columns[0] = (float)Last;
            columns[1] = (float)Mean;
            columns[2] = double.IsNaN(Last) ? float.NaN : EventsSince;
        }
    }

    private readonly record struct Remembered(
        string? EventId,
        int Version,
        float Score,
        float Probability,
        int ShadowVersion,
        float ShadowScore,
        float ShadowProbability,
        long EventTicks,
        bool Labelled);
}
