namespace StreamML.Contracts;

/// <summary>The answer to <c>POST /v1/labels</c>.</summary>
public sealed record LabelResponse
{
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
