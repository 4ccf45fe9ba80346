namespace StreamML.Core.Generator;

/// <summary>A change the generator injects at a configured point of its event time.</summary>
public sealed class DriftInjection
{
    /// <summary>What changes.</summary>
    /// <value>The default value is <see cref="DriftInjectionKind.Concept"/>.</value>
    public DriftInjectionKind Kind { get; set; } = DriftInjectionKind.Concept;

    /// <summary>Event time after the start of the stream at which the change begins.</summary>
    public TimeSpan At { get; set; }

    /// <summary>How long the change takes: zero for an abrupt change, otherwise the old and new behaviour mix linearly over this span.</summary>
    /// <value>The default value is zero (abrupt).</value>
    public TimeSpan Duration { get; set; }

    /// <summary>How long the change stays before it is undone at once; null keeps it for good (a transient glitch otherwise).</summary>
    /// <value>The default value is null.</value>
    public TimeSpan? Lasts { get; set; }

    /// <summary>Whether the change was undone by <paramref name="elapsed"/>.</summary>
    public bool IsOver(TimeSpan elapsed) => Lasts is { } lasts && elapsed >= At + lasts;

    /// <summary>For data drift, how far the feature distributions move (in units of their spread).</summary>
    /// <value>The default value is 2.</value>
    public double Magnitude { get; set; } = 2;
}
