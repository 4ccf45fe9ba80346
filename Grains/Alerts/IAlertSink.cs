using StreamML.Core.Alerts;

namespace StreamML.Grains.Alerts;

/// <summary>Somewhere alert notifications go (the log, a webhook). Each sink is fed from its own bounded queue, so a slow one delays no other.</summary>
public interface IAlertSink
{
    /// <summary>A short name for logs and counters.</summary>
    string Name { get; }

    /// <summary>Delivers one notification; may retry internally; throws when it finally fails.</summary>
    Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken);
}
