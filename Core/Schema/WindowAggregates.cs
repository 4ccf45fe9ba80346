namespace StreamML.Core.Schema;

/// <summary>The aggregates a window computes for each of its features. Output columns follow the declaration order of these flags.</summary>
[Flags]
public enum WindowAggregates
{
    /// <summary>No aggregate.</summary>
    None = 0,

    /// <summary>Number of events in the window with a finite value.</summary>
    Count = 1 << 0,

    /// <summary>Sum of the values.</summary>
    Sum = 1 << 1,

    /// <summary>Arithmetic mean.</summary>
    Mean = 1 << 2,

    /// <summary>Smallest value.</summary>
    Min = 1 << 3,

    /// <summary>Largest value.</summary>
    Max = 1 << 4,

    /// <summary>Sample variance (n - 1 denominator), computed with Welford's method.</summary>
    Variance = 1 << 5,

    /// <summary>Exponentially weighted moving average over the window in event-time order.</summary>
    Ewma = 1 << 6,

    /// <summary>The value of the event before the current one in the window (a lag feature).</summary>
    Last = 1 << 7,

    /// <summary>Seconds between the current event and the one before it in the window.</summary>
    TimeSinceLast = 1 << 8,

    /// <summary>Events per second over the window.</summary>
    Rate = 1 << 9,

    /// <summary>The current value less the value of the event before it in the window (a change feature).</summary>
    Delta = 1 << 10,

    /// <summary>Every aggregate.</summary>
    All = Count | Sum | Mean | Min | Max | Variance | Ewma | Last | TimeSinceLast | Rate | Delta,
}
