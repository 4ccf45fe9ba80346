namespace StreamML.Core.Alerts;

/// <summary>What the sinks receive: an alert that fired, fired again after the re-notify interval, or resolved.</summary>
/// <param name="Alert">The alert as it is now; its <see cref="Alert.State"/> says firing or resolved.</param>
/// <param name="Repeat">Whether this repeats an earlier firing notification of the same alert.</param>
public sealed record AlertNotification(Alert Alert, bool Repeat);
