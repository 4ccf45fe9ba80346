namespace StreamML.Contracts;

/// <summary>An alert as the HTTP API and the webhook show it; kinds, severities and states in lower case as configured.</summary>
public sealed record AlertDto
{
    /// <summary>The rule's name.</summary>
    public required string Rule { get; init; }

    /// <summary>The signal kind (drift, accuracy_drop, latency_p99, error_rate, anomaly_rate, deadletter_rate).</summary>
    public required string Kind { get; init; }

    /// <summary>What the alert is about (a model, or model/feature).</summary>
    public required string Key { get; init; }

    /// <summary>info, warning or critical.</summary>
    public required string Severity { get; init; }

    /// <summary>pending, firing or resolved.</summary>
    public required string State { get; init; }

    /// <summary>The rule's threshold.</summary>
    public double Threshold { get; init; }

    /// <summary>The figure at the latest evaluation.</summary>
    public double? Value { get; init; }

    /// <summary>When the condition was first seen to hold.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>When the alert fired.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>When it resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Firing notifications sent (the first and each re-notification).</summary>
    public int Notifications { get; init; }

    /// <summary>Detail from the latest signal, if any.</summary>
    public string? Message { get; init; }
}
