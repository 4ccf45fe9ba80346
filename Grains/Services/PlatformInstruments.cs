using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamML.Core.Metrics;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's StreamML instruments, plus local tallies the console line and the benchmark read without going through
/// an exporter. Created through <see cref="IMeterFactory"/> so the host owns the meter's lifetime.
/// </summary>
public sealed class PlatformInstruments
{
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _invalid;
    private readonly Counter<long> _predictions;
    private readonly Counter<long> _labels;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _inference;
    private readonly Histogram<double> _latency;
    private long _activeEntities;
    private long _failingPartitions;
    private readonly Counter<long> _rewinds;
    private readonly Counter<long> _retrains;
    private readonly Histogram<double> _driftScore;
    private readonly Counter<long> _driftDetections;
    private GrainInterfaces.DriftEvent? _lastDrift;
    private long _ingestedTotal;
    private long _invalidTotal;
    private long _predictionTotal;
    private long _fallbackTotal;
    private static readonly KeyValuePair<string, object?> EntityDetector = new("detector", "entity");
    private static readonly KeyValuePair<string, object?> ModelDetector = new("detector", "model");
    private readonly Histogram<double> _anomalyScore;
    private readonly Counter<long> _anomalies;
    private long _anomalyTotal;
    private long _failedTotal;
    private readonly Counter<long> _callRetries;
    private long _callRetryTotal;
    private readonly Counter<long> _restarts;
    private long _restartTotal;
    private static readonly KeyValuePair<string, object?> TransientFailure = new("failure", "transient");
    private static readonly KeyValuePair<string, object?> PermanentFailure = new("failure", "permanent");
    private readonly Counter<long> _sinkDropped;

    /// <summary>Creates the instruments.</summary>
    public PlatformInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
#pragma warning disable CA2000 // the meter factory owns and disposes the meters it creates
        var meter = meterFactory.Create(StreamMLDiagnostics.MeterName);
#pragma warning restore CA2000
        _ingested = meter.CreateCounter<long>(StreamMLDiagnostics.EventsIngested, unit: "{event}", description: "Events accepted into the platform.");
        _invalid = meter.CreateCounter<long>(StreamMLDiagnostics.EventsInvalid, unit: "{event}", description: "Events refused by validation or as too late, by reason.");
        _predictions = meter.CreateCounter<long>(StreamMLDiagnostics.Predictions, unit: "{prediction}", description: "Predictions emitted, by route.");
        _labels = meter.CreateCounter<long>(StreamMLDiagnostics.Labels, unit: "{label}", description: "Labels received, by outcome.");
        _duplicates = meter.CreateCounter<long>(StreamMLDiagnostics.EventsDuplicate, unit: "{event}", description: "Replayed events skipped by entities.");
        _inference = meter.CreateHistogram<double>(StreamMLDiagnostics.InferenceDuration, unit: "ms", description: "Feature computation and scoring time per event.");
        _latency = meter.CreateHistogram<double>(StreamMLDiagnostics.EndToEndLatency, unit: "ms", description: "Time from ingest to prediction.");
        meter.CreateObservableGauge(StreamMLDiagnostics.EntitiesActive, () => Interlocked.Read(ref _activeEntities), unit: "{entity}", description: "Entities held in memory by this silo.");
        meter.CreateObservableGauge(StreamMLDiagnostics.SourcePartitionsFailing, () => Interlocked.Read(ref _failingPartitions), unit: "{partition}", description: "Source partitions this silo cannot read right now.");
        _driftScore = meter.CreateHistogram<double>(StreamMLDiagnostics.DriftScore, unit: "1", description: "PSI of each monitored signal at each evaluation, by model, feature and segment.");
        _driftDetections = meter.CreateCounter<long>(StreamMLDiagnostics.DriftDetections, unit: "{detection}", description: "Drift detections, by model, kind, feature and segment.");
        // Bucket bounds for both scales: the model detector's scores crowd just below 1, the entity's modified z-scores
        // matter around the 3.5 cut-off.
        _anomalyScore = meter.CreateHistogram(
            StreamMLDiagnostics.AnomalyScore,
            unit: "1",
            description: "Anomaly score of each prediction, by detector: entity (modified z-score) or model (Half-Space Trees, 0 to 1).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1, 2, 3, 3.5, 5, 10, 100] });
        _anomalies = meter.CreateCounter<long>(StreamMLDiagnostics.Anomalies, unit: "{prediction}", description: "Predictions whose anomaly score is over the configured threshold, by detector.");
        _retrains = meter.CreateCounter<long>(StreamMLDiagnostics.RetrainRequests, unit: "{run}", description: "Retraining runs started automatically, by model and trigger.");
        _rewinds = meter.CreateCounter<long>(StreamMLDiagnostics.PumpRewinds, unit: "{rewind}", description: "Pumps that went back to their checkpoint because an entity group lost its activation.");
        _sinkDropped = meter.CreateCounter<long>(StreamMLDiagnostics.SinkDropped, unit: "{item}", description: "Items a silo-local sink dropped, by sink and reason: overflow (queue full) or undeliverable (retries exhausted).");
        _callRetries = meter.CreateCounter<long>(StreamMLDiagnostics.PumpCallRetries, unit: "{retry}", description: "Entity group calls a pump tried again after a failure, by failure: transient or permanent.");
        _restarts = meter.CreateCounter<long>(StreamMLDiagnostics.PumpRestarts, unit: "{restart}", description: "Pumps started again from their checkpoint after stopping with an error, by source and partition.");
    }

    /// <summary>A silo-local sink dropped <paramref name="count"/> items for <paramref name="reason"/>.</summary>
    public void SinkDropped(string sink, SinkDropReason reason, long count) =>
        _sinkDropped.Add(count, new("sink", sink), new("reason", reason == SinkDropReason.Overflow ? "overflow" : "undeliverable"));

    /// <summary>A partition's source started (+1) or stopped (-1) failing.</summary>
    public void SourceFailing(int delta) => Interlocked.Add(ref _failingPartitions, delta);

    /// <summary>The latest drift detection decided on this silo, or null.</summary>
    public GrainInterfaces.DriftEvent? LastDrift => Volatile.Read(ref _lastDrift);

    /// <summary>A drift monitor's PSI for one signal.</summary>
    public void DriftScore(string model, string feature, string segment, double psi) =>
        _driftScore.Record(psi, new("model", model), new("feature", feature), new("segment", segment));

    /// <summary>A drift monitor detected drift.</summary>
    public void DriftDetected(GrainInterfaces.DriftEvent detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        Volatile.Write(ref _lastDrift, detection);
        _driftDetections.Add(1, new("model", detection.Model), new("kind", detection.Kind), new("feature", detection.Signal), new("segment", detection.Scope));
    }

    /// <summary>A retraining run was started automatically.</summary>
    public void RetrainRequested(string model, string trigger) => _retrains.Add(1, new("model", model), new("trigger", trigger));

    /// <summary>A pump went back to its checkpoint.</summary>
    public void Rewound() => _rewinds.Add(1);

    /// <summary>A pump is about to try an entity group call again after a failure of the given kind.</summary>
    internal void CallRetried(Pumps.CallFailure failure)
    {
        Interlocked.Increment(ref _callRetryTotal);
        _callRetries.Add(1, failure == Pumps.CallFailure.Transient ? TransientFailure : PermanentFailure);
    }

    /// <summary>A pump of <paramref name="source"/>'s <paramref name="partition"/> that stopped with an error starts again.</summary>
    public void PumpRestarted(string source, int partition)
    {
        Interlocked.Increment(ref _restartTotal);
        _restarts.Add(1, new("source", source), new("partition", partition));
    }

    /// <summary>Pumps started again after stopping with an error, since start.</summary>
    public long PumpRestartTotal => Interlocked.Read(ref _restartTotal);

    /// <summary>Entity group calls tried again after a failure, since start.</summary>
    public long CallRetryTotal => Interlocked.Read(ref _callRetryTotal);

    /// <summary>Latencies from ingest to prediction, in microseconds, for percentiles on the console and in benchmarks.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Events accepted since start.</summary>
    public long IngestedTotal => Interlocked.Read(ref _ingestedTotal);

    /// <summary>Events refused since start.</summary>
    public long InvalidTotal => Interlocked.Read(ref _invalidTotal);

    /// <summary>Predictions emitted since start.</summary>
    public long PredictionTotal => Interlocked.Read(ref _predictionTotal);

    /// <summary>Fallback predictions emitted since start.</summary>
    public long FallbackTotal => Interlocked.Read(ref _fallbackTotal);

    /// <summary>Predictions flagged as anomalies by either detector since start.</summary>
    public long AnomalyTotal => Interlocked.Read(ref _anomalyTotal);

    /// <summary>Events dead-lettered because their entity group kept failing, since start.</summary>
    public long FailedTotal => Interlocked.Read(ref _failedTotal);

    /// <summary>Entity grains active now.</summary>
    public long ActiveEntities => Interlocked.Read(ref _activeEntities);

    /// <summary>Counts accepted events.</summary>
    public void Ingested(int count)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref _ingestedTotal, count);
        _ingested.Add(count);
    }

    /// <summary>Counts refused events of one reason.</summary>
    public void Invalid(string reason, int count = 1)
    {
        Interlocked.Add(ref _invalidTotal, count);
        if (string.Equals(reason, ProcessingFailedReason, StringComparison.Ordinal))
        {
            Interlocked.Add(ref _failedTotal, count);
        }

        _invalid.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Counts skipped replays.</summary>
    public void Duplicates(int count)
    {
        if (count > 0)
        {
            _duplicates.Add(count);
        }
    }

    /// <summary>Counts labels by outcome.</summary>
    public void Labels(int matched, int unmatched, int duplicates, int expired)
    {
        LabelOutcome("matched", matched);
        LabelOutcome("unmatched", unmatched);
        LabelOutcome("duplicate", duplicates);
        LabelOutcome("expired", expired);
    }

    private void LabelOutcome(string outcome, int count)
    {
        if (count > 0)
        {
            _labels.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>Records a batch of predictions: counts by route and the inference time per event (end-to-end latencies are recorded per prediction).</summary>
    public void Scored(int predictions, int fallbacks, double inferenceMillisecondsPerEvent)
    {
        if (predictions <= 0)
        {
            return;
        }

        Interlocked.Add(ref _predictionTotal, predictions);
        Interlocked.Add(ref _fallbackTotal, fallbacks);
        if (predictions > fallbacks)
        {
            _predictions.Add(predictions - fallbacks, new KeyValuePair<string, object?>("route", "model"));
        }

        if (fallbacks > 0)
        {
            _predictions.Add(fallbacks, new KeyValuePair<string, object?>("route", "fallback"));
        }

        _inference.Record(inferenceMillisecondsPerEvent);
    }

    /// <summary>The dead-letter reason of events whose entity group failed every attempt.</summary>
    public const string ProcessingFailedReason = "ProcessingFailed";

    /// <summary>Records a prediction's anomaly scores (NaN scores are not recorded) and counts it when over a threshold.</summary>
    public void Anomaly(float entityScore, float modelScore, double entityThreshold, double modelThreshold)
    {
        var flagged = false;
        if (!float.IsNaN(entityScore))
        {
            _anomalyScore.Record(entityScore, EntityDetector);
            if (entityScore > entityThreshold)
            {
                _anomalies.Add(1, EntityDetector);
                flagged = true;
            }
        }

        if (!float.IsNaN(modelScore))
        {
            _anomalyScore.Record(modelScore, ModelDetector);
            if (modelScore > modelThreshold)
            {
                _anomalies.Add(1, ModelDetector);
                flagged = true;
            }
        }

        if (flagged)
        {
            Interlocked.Increment(ref _anomalyTotal);
        }
    }

    /// <summary>Records one end-to-end latency.</summary>
    public void EndToEnd(TimeSpan latency)
    {
        var ms = latency.TotalMilliseconds;
        _latency.Record(ms);
        Latency.Record(ms * 1_000);
    }

    /// <summary>Counts entities coming into memory.</summary>
    public void EntitiesActivated(int count) => Interlocked.Add(ref _activeEntities, count);

    /// <summary>Counts entities leaving memory.</summary>
    public void EntitiesDeactivated(int count) => Interlocked.Add(ref _activeEntities, -count);

    /// <summary>Ticks of a stopwatch timestamp difference, for inference timing.</summary>
    public static double Milliseconds(long startTimestamp, long endTimestamp) =>
        (endTimestamp - startTimestamp) * 1_000.0 / Stopwatch.Frequency;
}
