namespace StreamML.Core.Alerts;

/// <summary>Where an alert is in its life.</summary>
public enum AlertState
{
    /// <summary>The condition holds, not yet for the rule's duration; nothing was notified.</summary>
    Pending,

    /// <summary>The condition has held for the rule's duration; notified.</summary>
    Firing,

    /// <summary>The condition stopped holding after the alert fired; notified.</summary>
    Resolved,
}
