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
}
