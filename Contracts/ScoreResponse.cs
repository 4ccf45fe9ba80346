namespace StreamML.Contracts;

/// <summary>The answer to <c>POST /v1/score</c>.</summary>
public sealed record ScoreResponse
{
    /// <summary>Predictions of the valid events, in request order.</summary>
    public IReadOnlyList<PredictionDto> Predictions { get; init; } = [];

    /// <summary>One entry per refused event.</summary>
    public IReadOnlyList<ItemError> Errors { get; init; } = [];
}
