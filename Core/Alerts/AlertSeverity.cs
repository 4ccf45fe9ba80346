namespace StreamML.Core.Alerts;

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    /// <summary>For information.</summary>
    Info,

    /// <summary>Needs attention.</summary>
    Warning,

    /// <summary>Needs attention now.</summary>
    Critical,
}
