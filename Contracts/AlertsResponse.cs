namespace StreamML.Contracts;

/// <summary>The answer of <c>GET /v1/alerts</c>.</summary>
public sealed record AlertsResponse
{
    /// <summary>Pending and firing alerts, oldest first.</summary>
    public IReadOnlyList<AlertDto> Active { get; init; } = [];

    /// <summary>Recently resolved alerts, newest first.</summary>
    public IReadOnlyList<AlertDto> Recent { get; init; } = [];

    /// <summary>Names of the configured rules.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
}
