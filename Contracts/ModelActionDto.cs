namespace StreamML.Contracts;

/// <summary>The body of <c>POST /v1/models/{name}/promote|rollback|retrain</c>; every field is optional.</summary>
public sealed record ModelActionDto
{
    /// <summary>The version to promote (default: the challenger of the rollout under way).</summary>
    public int? Version { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }
}
