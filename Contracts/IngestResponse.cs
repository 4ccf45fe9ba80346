namespace StreamML.Contracts;

/// <summary>The answer to <c>POST /v1/events</c> and <c>POST /v1/labels</c>: how many items were taken, and why the others were not.</summary>
public sealed record IngestResponse
{
    /// <summary>Items accepted (queued for processing).</summary>
    public int Accepted { get; init; }

    /// <summary>Items refused (and dead-lettered).</summary>
    public int Rejected { get; init; }

    /// <summary>One entry per refused item.</summary>
    public IReadOnlyList<ItemError> Errors { get; init; } = [];
}
