namespace StreamML.Contracts;

/// <summary>The answer of <c>GET /v1/drift</c>: a model's drift in every scope (all traffic first, then each segment).</summary>
public sealed record DriftResponse
{
    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary>The drift state of each scope.</summary>
    public IReadOnlyList<DriftScopeDto> Scopes { get; init; } = [];
}
