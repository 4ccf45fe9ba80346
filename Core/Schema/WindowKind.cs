namespace StreamML.Core.Schema;

/// <summary>The shape of a window over an entity's events, in event time.</summary>
public enum WindowKind
{
    /// <summary>The last N events, or the events of the last duration, ending at the current event.</summary>
    Sliding = 0,

    /// <summary>Fixed, non-overlapping buckets (every N events, or aligned time buckets); features are the bucket so far.</summary>
    Tumbling = 1,

    /// <summary>Events separated by less than a gap; features are the current session so far.</summary>
    Session = 2,
}
