namespace StreamML.Core.Alerts;

/// <summary>What an alert signal measures; each kind has a configuration name (<see cref="AlertSignalKinds"/>).</summary>
public enum AlertSignalKind
{
    /// <summary><c>drift</c>: a drift detection; a rule counts the detections in its window.</summary>
    Drift,

    /// <summary><c>accuracy_drop</c>: how far accuracy fell (e.g. reference less current); a rule takes the largest in its window.</summary>
    AccuracyDrop,

    /// <summary><c>latency_p99</c>: the 99th percentile of ingest-to-prediction latency (ms) of one report; a rule takes the largest in its window.</summary>
    LatencyP99,

    /// <summary><c>error_rate</c>: events not served by a model (fallbacks and failed processing) per event; a rule pools counts over its window.</summary>
    ErrorRate,

    /// <summary><c>anomaly_rate</c>: predictions flagged as anomalies per prediction; a rule pools counts over its window.</summary>
    AnomalyRate,

    /// <summary><c>deadletter_rate</c>: dead letters per event seen; a rule pools counts over its window.</summary>
    DeadLetterRate,
}

/// <summary>Configuration names of <see cref="AlertSignalKind"/>.</summary>
public static class AlertSignalKinds
{
    private static readonly (AlertSignalKind Kind, string Name)[] Names =
    [
        (AlertSignalKind.Drift, "drift"),
        (AlertSignalKind.AccuracyDrop, "accuracy_drop"),
        (AlertSignalKind.LatencyP99, "latency_p99"),
        (AlertSignalKind.ErrorRate, "error_rate"),
        (AlertSignalKind.AnomalyRate, "anomaly_rate"),
        (AlertSignalKind.DeadLetterRate, "deadletter_rate"),
    ];

    /// <summary>Every configuration name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>The configuration name of a kind.</summary>
    public static string Name(this AlertSignalKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>Parses a configuration name (case-insensitive).</summary>
    public static bool TryParse(string? name, out AlertSignalKind kind)
    {
        foreach (var (k, n) in Names)
        {
            if (string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Whether a rule of this kind pools counts into a rate (in [0, 1]) rather than taking values.</summary>
    public static bool IsRate(this AlertSignalKind kind) => kind is AlertSignalKind.ErrorRate or AlertSignalKind.AnomalyRate or AlertSignalKind.DeadLetterRate;
}
