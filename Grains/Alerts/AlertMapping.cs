using StreamML.Contracts;
using StreamML.Core.Alerts;

namespace StreamML.Grains.Alerts;

/// <summary>Turns an <see cref="Alert"/> into the shape the HTTP API and the webhook show.</summary>
public static class AlertMapping
{
    /// <summary>The HTTP shape of an alert: kinds, severities and states in lower case as configured.</summary>
    public static AlertDto ToDto(this Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new AlertDto
        {
            Rule = alert.Rule,
            Kind = alert.Kind.Name(),
            Key = alert.Key,
            Severity = alert.Severity.ToString().ToLowerInvariant(),
            State = alert.State.ToString().ToLowerInvariant(),
            Threshold = alert.Threshold,
            Value = double.IsFinite(alert.Value) ? alert.Value : null,
            Since = alert.Since,
            FiredAt = alert.FiredAt,
            ResolvedAt = alert.ResolvedAt,
            Notifications = alert.Notifications,
            Message = alert.Message,
        };
    }
}
