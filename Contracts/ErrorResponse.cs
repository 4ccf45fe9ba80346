namespace StreamML.Contracts;

/// <summary>A refusal of a whole request: 400, 404 or 409 with one line saying why.</summary>
public sealed record ErrorResponse
{
    /// <summary>What was wrong, in one sentence.</summary>
    public required string Error { get; init; }
}
