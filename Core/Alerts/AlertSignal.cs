namespace StreamML.Core.Alerts;

/// <summary>
/// One observation alert rules evaluate: a drift detection, an accuracy drop, or a silo's figures over one report
/// interval. Senders batch them; nothing is sent per event.
/// </summary>
public sealed record AlertSignal
{
    /// <summary>What is measured.</summary>
    public required AlertSignalKind Kind { get; init; }

    /// <summary>What it is about (a model, or model/feature for drift); rules alert per key.</summary>
    public string Key { get; init; } = "";

    /// <summary>When it was observed; the receiver's clock is used when not set.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The measured value, for value kinds (drift statistic, accuracy drop, p99 in ms).</summary>
    public double Value { get; init; }

    /// <summary>The numerator of a rate kind, or the number of detections of a drift signal.</summary>
    /// <value>The default value is 1.</value>
    public long Count { get; init; } = 1;

    /// <summary>The denominator of a rate kind (events observed); for <see cref="AlertSignalKind.LatencyP99"/>, the events the percentile is over.</summary>
    public long Total { get; init; }

    /// <summary>Who sent it (a silo, a detector), for the alert's text.</summary>
    public string? Source { get; init; }

    /// <summary>Optional detail (e.g. which detector and statistic), carried into the alert.</summary>
    public string? Message { get; init; }
}
