namespace StreamML.Contracts;

/// <summary>The answer of <c>POST /v1/models/{name}/retrain</c>: 202 when a run started, 409 (with an error) when one was already under way.</summary>
public sealed record RetrainResponse
{
    /// <summary>Whether this request started a training run.</summary>
    public bool Started { get; init; }

    /// <summary>The model's retraining state after the request.</summary>
    public required RetrainingStatusDto Status { get; init; }

    /// <summary>Why no run started, when none did.</summary>
    public string? Error { get; init; }
}
