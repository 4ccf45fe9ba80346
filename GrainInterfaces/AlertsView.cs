using StreamML.Core.Alerts;

namespace StreamML.GrainInterfaces;

/// <summary>The alert grain's alerts and counters.</summary>
[GenerateSerializer]
[Alias("streamml.AlertsView")]
[Immutable]
public sealed record AlertsView
{
    /// <summary>Pending and firing alerts, oldest first.</summary>
    [Id(0)] public Alert[] Active { get; init; } = [];

    /// <summary>Resolved alerts, newest first (bounded).</summary>
    [Id(1)] public Alert[] Recent { get; init; } = [];

    /// <summary>Names of the rules evaluated.</summary>
    [Id(2)] public string[] Rules { get; init; } = [];

    /// <summary>Signals received since the grain started.</summary>
    [Id(3)] public long Signals { get; init; }

    /// <summary>Notifications handed to the sinks since the grain started.</summary>
    [Id(4)] public long Notifications { get; init; }
}
