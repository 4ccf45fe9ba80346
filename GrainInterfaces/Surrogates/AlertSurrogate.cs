using StreamML.Core.Alerts;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="Alert"/>.</summary>
[GenerateSerializer]
[Alias("streamml.Alert")]
public struct AlertSurrogate
{
    /// <summary>Rule name.</summary>
    [Id(0)] public string Rule;

    /// <summary>Kind.</summary>
    [Id(1)] public AlertSignalKind Kind;

    /// <summary>Key.</summary>
    [Id(2)] public string Key;

    /// <summary>Severity.</summary>
    [Id(3)] public AlertSeverity Severity;

    /// <summary>Threshold.</summary>
    [Id(4)] public double Threshold;

    /// <summary>Value.</summary>
    [Id(5)] public double Value;

    /// <summary>State.</summary>
    [Id(6)] public AlertState State;

    /// <summary>Since.</summary>
    [Id(7)] public DateTimeOffset Since;

    /// <summary>Fired at.</summary>
    [Id(8)] public DateTimeOffset? FiredAt;

    /// <summary>Resolved at.</summary>
    [Id(9)] public DateTimeOffset? ResolvedAt;

    /// <summary>Last notified at.</summary>
    [Id(10)] public DateTimeOffset? NotifiedAt;

    /// <summary>Firing notifications.</summary>
    [Id(11)] public int Notifications;

    /// <summary>Message.</summary>
    [Id(12)] public string? Message;
}

/// <summary>Converts <see cref="Alert"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class AlertConverter : IConverter<Alert, AlertSurrogate>
{
    /// <inheritdoc />
    public Alert ConvertFromSurrogate(in AlertSurrogate s) => new()
    {
        Rule = s.Rule,
        Kind = s.Kind,
        Key = s.Key,
        Severity = s.Severity,
        Threshold = s.Threshold,
        Value = s.Value,
        State = s.State,
        Since = s.Since,
        FiredAt = s.FiredAt,
        ResolvedAt = s.ResolvedAt,
        NotifiedAt = s.NotifiedAt,
        Notifications = s.Notifications,
        Message = s.Message,
    };

    /// <inheritdoc />
    public AlertSurrogate ConvertToSurrogate(in Alert value) => new()
    {
        Rule = value.Rule,
        Kind = value.Kind,
        Key = value.Key,
        Severity = value.Severity,
        Threshold = value.Threshold,
        Value = value.Value,
        State = value.State,
        Since = value.Since,
        FiredAt = value.FiredAt,
        ResolvedAt = value.ResolvedAt,
        NotifiedAt = value.NotifiedAt,
        Notifications = value.Notifications,
        Message = value.Message,
    };
}
