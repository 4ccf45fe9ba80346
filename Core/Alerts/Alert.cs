namespace StreamML.Core.Alerts;

/// <summary>One alert: a rule's condition on one key, from the moment it first held until it resolved.</summary>
public sealed record Alert
{
    /// <summary>The rule's name.</summary>
    public required string Rule { get; init; }

    /// <summary>The rule's signal kind.</summary>
    public required AlertSignalKind Kind { get; init; }

    /// <summary>The key the alert is about.</summary>
    public required string Key { get; init; }

    /// <summary>The rule's severity.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>The rule's threshold.</summary>
    public double Threshold { get; init; }

    /// <summary>The figure at the latest evaluation (while active) or at the last evaluation the condition held (once resolved).</summary>
    public double Value { get; init; }

    /// <summary>Where the alert is.</summary>
    public AlertState State { get; init; }

    /// <summary>When the condition was first seen to hold.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>When the alert fired, once it has.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>When it resolved, once it has.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When it was last notified.</summary>
    public DateTimeOffset? NotifiedAt { get; init; }

    /// <summary>How many times it was notified as firing (the first time and each re-notification).</summary>
    public int Notifications { get; init; }

    /// <summary>The latest detail carried by a signal of the key, if any.</summary>
    public string? Message { get; init; }
}
