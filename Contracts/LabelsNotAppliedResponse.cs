namespace StreamML.Contracts;

/// <summary>
/// The answer of <c>POST /v1/labels</c> when some valid labels were not applied (503); sending the request again is safe,
/// because a label already applied comes back as a duplicate.
/// </summary>
public sealed record LabelsNotAppliedResponse
{
    /// <summary>How many labels were not applied, and why.</summary>
    public required string Error { get; init; }

    /// <summary>Valid labels that were not applied.</summary>
    public int NotApplied { get; init; }

    /// <summary>Labels joined with a remembered prediction.</summary>
    public int Matched { get; init; }

    /// <summary>Labels with no remembered prediction.</summary>
    public int Unmatched { get; init; }

    /// <summary>Labels for an event already labelled.</summary>
    public int Duplicates { get; init; }

    /// <summary>Labels whose prediction had expired.</summary>
    public int Expired { get; init; }

    /// <summary>Labels refused as invalid.</summary>
    public int Rejected { get; init; }

    /// <summary>One entry per refused label.</summary>
    public IReadOnlyList<ItemError> Errors { get; init; } = [];
}
