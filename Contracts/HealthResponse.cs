namespace StreamML.Contracts;

/// <summary>The answer of <c>GET /healthz</c>: the process is alive.</summary>
public sealed record HealthResponse
{
    /// <summary>Always <c>ok</c>.</summary>
    public required string Status { get; init; }
}
