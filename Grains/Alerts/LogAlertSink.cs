using Microsoft.Extensions.Logging;
using StreamML.Core.Alerts;

namespace StreamML.Grains.Alerts;

/// <summary>Writes notifications to the log: firing alerts at warning (critical ones at error), resolutions at information.</summary>
public sealed partial class LogAlertSink(ILogger<LogAlertSink> logger) : IAlertSink
{
    /// <inheritdoc />
    public string Name => "log";

    /// <inheritdoc />
    public Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var a = notification.Alert;
        if (a.State == AlertState.Resolved)
        {
            LogResolved(a.Rule, a.Kind.Name(), a.Key, a.Since, a.ResolvedAt);
        }
        else
        {
            var level = a.Severity == AlertSeverity.Critical ? LogLevel.Error : a.Severity == AlertSeverity.Warning ? LogLevel.Warning : LogLevel.Information;
            LogFiring(level, a.Severity, a.Rule, a.Kind.Name(), a.Key, a.Value, a.Threshold, notification.Repeat, a.Message);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Message = "Alert {Severity} {Rule} firing: {Kind} of {Key} is {Value} (threshold {Threshold}); repeat: {Repeat}; {Detail}")]
    private partial void LogFiring(LogLevel level, AlertSeverity severity, string rule, string kind, string key, double value, double threshold, bool repeat, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Rule} resolved: {Kind} of {Key}, active since {Since}, resolved at {ResolvedAt}")]
    private partial void LogResolved(string rule, string kind, string key, DateTimeOffset since, DateTimeOffset? resolvedAt);
}
