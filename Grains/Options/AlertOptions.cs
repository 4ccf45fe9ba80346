using StreamML.Core.Alerts;

namespace StreamML.Grains.Options;

/// <summary>Alert rules and where their notifications go (<c>StreamML:Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Alerts";

    /// <summary>The rules; none configured means no alerting (silos then send no figures).</summary>
    public List<AlertRuleOptions> Rules { get; set; } = [];

    /// <summary>How often each silo sends its figures (error, anomaly and dead-letter counts, p99 latency) to the alert grain, in one batch.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the alert grain evaluates its rules when no signal arrives (signals are evaluated on arrival).</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a firing alert waits before it is notified again.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan ReNotifyInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Resolved alerts kept for <c>GET /v1/alerts</c>.</summary>
    /// <value>The default value is 100.</value>
    public int HistorySize { get; set; } = 100;

    /// <summary>Whether notifications are written to the log.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Log { get; set; } = true;

    /// <summary>Where notifications are posted as JSON.</summary>
    public AlertWebhookOptions Webhook { get; set; } = new();

    /// <summary>The rules, parsed; call after <see cref="AlertOptionsValidator"/> found nothing.</summary>
    public IReadOnlyList<AlertRule> ToRules() =>
    [
        .. Rules.Select(r =>
        {
            AlertSignalKinds.TryParse(r.Kind, out var kind);
            return new AlertRule(r.Name!, kind, r.Threshold!.Value, r.Window, r.For, r.Severity);
        }),
    ];
}

/// <summary>One alert rule as configured.</summary>
public sealed class AlertRuleOptions
{
    /// <summary>The rule's unique name.</summary>
    public string? Name { get; set; }

    /// <summary>The signal kind: drift, accuracy_drop, latency_p99, error_rate, anomaly_rate or deadletter_rate.</summary>
    public string? Kind { get; set; }

    /// <summary>The figure at or over which the condition holds: detections for drift, a fraction for the rates, ms for latency_p99, a drop for accuracy_drop.</summary>
    public double? Threshold { get; set; }

    /// <summary>How far back signals count.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the condition must hold before the alert fires.</summary>
    /// <value>The default value is zero (at once).</value>
    public TimeSpan For { get; set; } = TimeSpan.Zero;

    /// <summary>How urgent the alert is: info, warning or critical.</summary>
    /// <value>The default value is <see cref="AlertSeverity.Warning"/>.</value>
    public AlertSeverity Severity { get; set; } = AlertSeverity.Warning;
}

/// <summary>Where alert notifications are posted (<c>StreamML:Alerts:Webhook</c>).</summary>
public sealed class AlertWebhookOptions
{
    /// <summary>The URL notifications are posted to as JSON; none means no webhook.</summary>
    public string? Url { get; set; }

    /// <summary>How long one attempt may take.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per notification, the first included; failures are retried with exponential backoff and jitter.</summary>
    /// <value>The default value is 4.</value>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry (doubling for each next one).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Notifications waiting for delivery at most; beyond it the oldest waiting one is dropped (and counted).</summary>
    /// <value>The default value is 1,000.</value>
    public int QueueCapacity { get; set; } = 1_000;
}
