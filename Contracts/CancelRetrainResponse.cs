namespace StreamML.Contracts;

/// <summary>The answer of <c>DELETE /v1/models/{name}/retrain</c>: 200 once the run under way has stopped, 409 (with an error) when none was.</summary>
public sealed record CancelRetrainResponse
{
    /// <summary>Whether this request cancelled a training run.</summary>
    public bool Cancelled { get; init; }

    /// <summary>The model's retraining state after the request.</summary>
    public required RetrainingStatusDto Status { get; init; }

    /// <summary>Why nothing was cancelled, when nothing was.</summary>
    public string? Error { get; init; }
}
