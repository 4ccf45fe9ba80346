namespace StreamML.Core.Entities;

/// <summary>What a batch of labels came to, one count per <see cref="LabelOutcome"/>.</summary>
/// <param name="Matched">Labels joined with a remembered prediction.</param>
/// <param name="Unmatched">Labels for an event no entity of the group predicted, or no longer remembers.</param>
/// <param name="Duplicates">Labels for an event already labelled.</param>
/// <param name="Expired">Labels that came after their prediction's time to live.</param>
public readonly record struct LabelCounts(int Matched, int Unmatched, int Duplicates, int Expired)
{
    /// <summary>Labels counted.</summary>
    public int Total => Matched + Unmatched + Duplicates + Expired;
}
