namespace StreamML.Core.Schema;

/// <summary>A window over an entity's events and the aggregates computed over it.</summary>
public sealed class WindowDefinition
{
    /// <summary>Name used as the prefix of the window's feature columns.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The window's shape.</summary>
    /// <value>The default value is <see cref="WindowKind.Sliding"/>.</value>
    public WindowKind Kind { get; set; } = WindowKind.Sliding;

    /// <summary>Size in events for count-based sliding and tumbling windows; null for time-based ones.</summary>
    public int? Count { get; set; }

    /// <summary>Size in time for time-based sliding and tumbling windows; null for count-based ones.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Inactivity gap that closes a session window.</summary>
    public TimeSpan? Gap { get; set; }

    /// <summary>The aggregates to compute for each feature.</summary>
    /// <value>The default value is count, mean, min, max and variance.</value>
    public WindowAggregates Aggregates { get; set; } =
        WindowAggregates.Count | WindowAggregates.Mean | WindowAggregates.Min | WindowAggregates.Max | WindowAggregates.Variance;

    /// <summary>The features aggregated; empty means every feature of the schema.</summary>
    public IList<string> Features { get; set; } = [];

    /// <summary>Smoothing factor of <see cref="WindowAggregates.Ewma"/>: weight of the newest value.</summary>
    /// <value>The default value is 0.3.</value>
    public double EwmaAlpha { get; set; } = 0.3;

    /// <summary>Whether the window is sized in events rather than time.</summary>
    public bool IsCountBased => Kind != WindowKind.Session && Count is not null;
}
