namespace StreamML.Transports.Http;

/// <summary>What became of the labels of one HTTP request.</summary>
/// <param name="Matched">Labels joined with a remembered prediction.</param>
/// <param name="Unmatched">Labels for an event the entity never predicted, or no longer remembers.</param>
/// <param name="Duplicates">Labels for an event already labelled.</param>
/// <param name="Expired">Labels that came after their prediction's time to live.</param>
/// <param name="NotApplied">Labels not applied: the silo stopped, their entity group moved, or its calls kept failing.</param>
public readonly record struct LabelTally(int Matched, int Unmatched, int Duplicates, int Expired, int NotApplied);
