using System.Text.Json.Serialization;

namespace StreamML.Cli.Evaluate;

/// <summary>What <c>streamml evaluate --json</c> prints (DESIGN.md §8 names the first fields).</summary>
internal sealed record EvaluateResult
{
    [JsonPropertyName("rows")]
    public int Rows { get; init; }

    [JsonPropertyName("accuracy")]
    public double? Accuracy { get; init; }

    [JsonPropertyName("kappa_temporal")]
    public double? KappaTemporal { get; init; }

    [JsonPropertyName("versions")]
    public int Versions { get; init; }

    [JsonPropertyName("drifts")]
    public long Drifts { get; init; }

    [JsonPropertyName("retrains")]
    public int Retrains { get; init; }

    [JsonPropertyName("events_per_s")]
    public double EventsPerSecond { get; init; }

    [JsonPropertyName("task")]
    public string Task { get; init; } = string.Empty;

    [JsonPropertyName("classes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Classes { get; init; }

    [JsonPropertyName("label_delay")]
    public int LabelDelay { get; init; }

    [JsonPropertyName("features")]
    public int Features { get; init; }

    [JsonPropertyName("kappa")]
    public double? Kappa { get; init; }

    [JsonPropertyName("no_change_accuracy")]
    public double? NoChangeAccuracy { get; init; }

    [JsonPropertyName("mae")]
    public double? Mae { get; init; }

    [JsonPropertyName("rmse")]
    public double? Rmse { get; init; }

    [JsonPropertyName("served_versions")]
    public int ServedVersions { get; init; }

    [JsonPropertyName("champion")]
    public int Champion { get; init; }

    [JsonPropertyName("drift_kinds")]
    public Dictionary<string, int> DriftKinds { get; init; } = [];

    [JsonPropertyName("retrains_skipped")]
    public int RetrainsSkipped { get; init; }

    [JsonPropertyName("retrains_failed")]
    public int RetrainsFailed { get; init; }

    [JsonPropertyName("retrain_triggers")]
    public Dictionary<string, int> RetrainTriggers { get; init; } = [];

    [JsonPropertyName("promotions")]
    public int Promotions { get; init; }

    [JsonPropertyName("rollbacks")]
    public int Rollbacks { get; init; }

    [JsonPropertyName("held_back")]
    public int HeldBack { get; init; }

    [JsonPropertyName("fallback_predictions")]
    public long FallbackPredictions { get; init; }

    [JsonPropertyName("trainer")]
    public string Trainer { get; init; } = string.Empty;

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }
}
