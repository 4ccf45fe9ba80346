namespace StreamML.Grains;

/// <summary>Names of StreamML's instrumentation: part of the public contract, so dashboards and alerts can rely on them.</summary>
public static class StreamMLDiagnostics
{
    /// <summary>The meter every StreamML instrument belongs to.</summary>
    public const string MeterName = "StreamML";

    /// <summary>Activity source for grain work.</summary>
    public const string GrainsActivitySource = "StreamML.Grains";

    /// <summary>Activity source for inference.</summary>
    public const string InferenceActivitySource = "StreamML.Inference";

    /// <summary>Events accepted into the platform (counter).</summary>
    public const string EventsIngested = "streamml.events.ingested";

    /// <summary>Events refused by validation or as too late (counter, tagged with reason).</summary>
    public const string EventsInvalid = "streamml.events.invalid";

    /// <summary>Time to compute features and score one batch of an entity's events, per event (histogram, ms).</summary>
    public const string InferenceDuration = "streamml.inference.duration";

    /// <summary>Time from ingest to prediction (histogram, ms).</summary>
    public const string EndToEndLatency = "streamml.e2e.latency";

    /// <summary>Entities held in memory by this silo (gauge).</summary>
    public const string EntitiesActive = "streamml.entities.active";

    /// <summary>Predictions emitted (counter, tagged with route: model or fallback).</summary>
    public const string Predictions = "streamml.predictions";

    /// <summary>Labels received (counter, tagged with outcome).</summary>
    public const string Labels = "streamml.labels";

    /// <summary>Replayed events skipped by entities (counter).</summary>
    public const string EventsDuplicate = "streamml.events.duplicate";

    /// <summary>PSI of each monitored signal (feature or score) at each evaluation.</summary>
    public const string DriftScore = "streamml.drift.score";

    /// <summary>Drift detections.</summary>
    public const string DriftDetections = "streamml.drift.detections";

    /// <summary>Source partitions this silo cannot read right now (their pumps back off and retry).</summary>
    public const string SourcePartitionsFailing = "streamml.source.partitions_failing";

    /// <summary>
    /// Events between each source partition's checkpoint and the end of its log (gauge, tagged with source and partition),
    /// for the partitions this silo pumps whose source can tell.
    /// </summary>
    public const string SourceLag = "streamml.source.lag";

    /// <summary>Anomaly score of each prediction (histogram, tagged with detector: entity or model).</summary>
    public const string AnomalyScore = "streamml.anomaly.score";

    /// <summary>Predictions whose anomaly score is over the configured threshold (counter, tagged with detector).</summary>
    public const string Anomalies = "streamml.anomalies";

    /// <summary>Times a pump went back to its checkpoint because an entity group lost its activation.</summary>
    public const string PumpRewinds = "streamml.pump.rewinds";

    /// <summary>Retraining runs started automatically, by model and trigger (drift, schedule).</summary>
    public const string RetrainRequests = "streamml.retrain.requests";

    /// <summary>
    /// Entity group calls a pump tried again after a failure (counter, tagged with failure: transient, retried until it
    /// succeeds; or permanent, dead-lettered after a bounded number of attempts).
    /// </summary>
    public const string PumpCallRetries = "streamml.pump.call_retries";

    /// <summary>
    /// Times a pump that stopped with an error was started again from its checkpoint (counter, tagged with source and
    /// partition).
    /// </summary>
    public const string PumpRestarts = "streamml.pump.restarts";

    /// <summary>Items a silo-local sink dropped (counter, tagged with sink and reason: overflow or undeliverable).</summary>
    public const string SinkDropped = "streamml.sink.dropped";
}
