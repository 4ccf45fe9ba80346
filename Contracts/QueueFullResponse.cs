namespace StreamML.Contracts;

/// <summary>The answer of <c>POST /v1/events</c> or <c>POST /v1/labels</c> when the ingest queue is full (429): nothing was taken.</summary>
public sealed record QueueFullResponse
{
    /// <summary>Why nothing was taken, and that the request may be sent again later.</summary>
    public required string Error { get; init; }

    /// <summary>Items accepted: always 0, the request was refused whole.</summary>
    public int Accepted { get; init; }
}
