namespace StreamML.Core.Entities;

/// <summary>What an entity did with one label.</summary>
public enum LabelOutcome
{
    /// <summary>Joined with the remembered prediction.</summary>
    Matched = 0,

    /// <summary>No remembered prediction for that event id (never seen, or pushed out by newer ones).</summary>
    Unmatched = 1,

    /// <summary>The event was already labelled.</summary>
    Duplicate = 2,

    /// <summary>The remembered prediction had outlived its time-to-live.</summary>
    Expired = 3,
}
