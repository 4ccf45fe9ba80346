using System.Text.Json.Serialization;

namespace StreamML.Cli.Bench;

/// <summary>The figures of one bench run, as <c>streamml bench --json</c> prints them.</summary>
internal sealed record BenchResult
{
    [JsonPropertyName("events")]
    public long Events { get; init; }

    [JsonPropertyName("entities")]
    public int Entities { get; init; }

    [JsonPropertyName("cores")]
    public int Cores { get; init; }

    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("bare_events_per_s")]
    public double BareEventsPerSecond { get; init; }

    [JsonPropertyName("platform_events_per_s")]
    public double PlatformEventsPerSecond { get; init; }

    [JsonPropertyName("ratio")]
    public double Ratio { get; init; }

    [JsonPropertyName("p50_ms")]
    public double P50Milliseconds { get; init; }

    [JsonPropertyName("p99_ms")]
    public double P99Milliseconds { get; init; }

    [JsonPropertyName("bytes_per_entity")]
    public double BytesPerEntity { get; init; }

    [JsonPropertyName("bare_bytes_per_entity")]
    public double BareBytesPerEntity { get; init; }

    [JsonPropertyName("active_entities")]
    public long ActiveEntities { get; init; }

    [JsonPropertyName("fallback_predictions")]
    public long FallbackPredictions { get; init; }

    /// <summary>The platform end to end over Redis Streams (JSON records written to a real redis-server first), when measured.</summary>
    [JsonPropertyName("redis_events_per_s")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RedisEventsPerSecond { get; init; }

    /// <summary>Redis Streams throughput over the in-memory (generator) path of the same run.</summary>
    [JsonPropertyName("redis_ratio")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RedisRatio { get; init; }

    /// <summary>The plain platform pass repeated after the retraining pass (with <c>--retrain</c>): the figure without retraining.</summary>
    [JsonPropertyName("platform_rerun_events_per_s")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PlatformRerunEventsPerSecond { get; init; }

    /// <summary>The platform end to end on the same events while the model's retraining ran the whole pass, when measured.</summary>
    [JsonPropertyName("platform_retraining_events_per_s")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PlatformRetrainingEventsPerSecond { get; init; }

    /// <summary>Throughput with retraining running over throughput without it (<see cref="PlatformRerunEventsPerSecond"/>).</summary>
    [JsonPropertyName("retraining_ratio")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RetrainingRatio { get; init; }

    /// <summary>Training runs that completed (registered a version) during the retraining pass.</summary>
    [JsonPropertyName("retrains_completed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetrainsCompleted { get; init; }

    /// <summary>
    /// Training runs under way at some time in the retraining pass: those that ended in it and the one still running at
    /// its end. A pass begins only once a run is under way, so this is at least 1; a short pass on a busy machine may end
    /// before any run completes.
    /// </summary>
    [JsonPropertyName("retrains_during_pass")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetrainsDuringPass { get; init; }

    /// <summary>Training runs that failed during the retraining pass.</summary>
    [JsonPropertyName("retrains_failed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetrainsFailed { get; init; }

    /// <summary>Median end-to-end latency of the retraining pass.</summary>
    [JsonPropertyName("platform_retraining_p50_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RetrainingP50Milliseconds { get; init; }

    /// <summary>99th percentile end-to-end latency of the retraining pass.</summary>
    [JsonPropertyName("platform_retraining_p99_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RetrainingP99Milliseconds { get; init; }
}
