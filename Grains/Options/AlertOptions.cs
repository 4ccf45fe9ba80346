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

    /// <summary>The rules, parsed; call after <see cref="Validate"/> found nothing.</summary>
    public IReadOnlyList<AlertRule> ToRules() =>
    [
        .. Rules.Select(r =>
        {
            AlertSignalKinds.TryParse(r.Kind, out var kind);
            Enum.TryParse<AlertSeverity>(r.Severity, ignoreCase: true, out var severity);
            return new AlertRule(r.Name!, kind, r.Threshold!.Value, r.Window, r.For, severity);
        }),
    ];

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            var at = $"Alerts:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add($"{at}:Name is required.");
            }
            else if (!names.Add(rule.Name))
            {
                errors.Add($"{at}:Name '{rule.Name}' is used by another rule.");
            }

            var known = AlertSignalKinds.TryParse(rule.Kind, out var kind);
            if (!known)
            {
                errors.Add($"{at}:Kind '{rule.Kind}' is not one of {string.Join(", ", AlertSignalKinds.All)}.");
            }

            if (rule.Threshold is not { } threshold || !double.IsFinite(threshold))
            {
                errors.Add($"{at}:Threshold is required and must be a finite number.");
            }
            else if (known && kind.IsRate() && threshold is < 0 or > 1)
            {
                errors.Add($"{at}:Threshold of a {kind.Name()} rule is a fraction of events and must be between 0 and 1.");
            }
            else if (threshold < 0)
            {
                errors.Add($"{at}:Threshold must not be negative.");
            }

            if (rule.Window <= TimeSpan.Zero)
            {
                errors.Add($"{at}:Window must be positive.");
            }

            if (rule.For < TimeSpan.Zero)
            {
                errors.Add($"{at}:For must not be negative.");
            }

            if (!Enum.TryParse<AlertSeverity>(rule.Severity, ignoreCase: true, out var severity) || !Enum.IsDefined(severity) || int.TryParse(rule.Severity, out _))
            {
                errors.Add($"{at}:Severity '{rule.Severity}' is not one of info, warning, critical.");
            }
        }

        if (ReportInterval < TimeSpan.FromMilliseconds(100) || EvaluationInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add("Alerts:ReportInterval and Alerts:EvaluationInterval must be at least 100 ms.");
        }

        if (ReNotifyInterval <= TimeSpan.Zero)
        {
            errors.Add("Alerts:ReNotifyInterval must be positive.");
        }

        if (HistorySize is < 0 or > 100_000)
        {
            errors.Add("Alerts:HistorySize must be between 0 and 100,000.");
        }

        errors.AddRange(Webhook.Validate());
        return errors;
    }
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

    /// <summary>info, warning or critical.</summary>
    /// <value>The default value is warning.</value>
    public string Severity { get; set; } = "warning";
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

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Alerts:Webhook:Url '{Url}' is not an absolute http or https URL.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add("Alerts:Webhook:Timeout must be positive.");
        }

        if (MaxAttempts is < 1 or > 20)
        {
            errors.Add("Alerts:Webhook:MaxAttempts must be between 1 and 20.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            errors.Add("Alerts:Webhook:RetryDelay must not be negative.");
        }

        if (QueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add("Alerts:Webhook:QueueCapacity must be between 1 and 1,000,000.");
        }

        return errors;
    }
}
