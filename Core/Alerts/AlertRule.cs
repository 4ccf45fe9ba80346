namespace StreamML.Core.Alerts;

/// <summary>A validated alert rule: fire when the figure of <see cref="Kind"/> over <see cref="Window"/> is at or over <see cref="Threshold"/> for <see cref="For"/>.</summary>
/// <param name="Name">The rule's unique name.</param>
/// <param name="Kind">The signal kind it evaluates.</param>
/// <param name="Threshold">The value at or over which the condition holds.</param>
/// <param name="Window">How far back signals count.</param>
/// <param name="For">How long the condition must hold before the alert fires (zero: at once).</param>
/// <param name="Severity">The alert's severity.</param>
public sealed record AlertRule(string Name, AlertSignalKind Kind, double Threshold, TimeSpan Window, TimeSpan For, AlertSeverity Severity);
