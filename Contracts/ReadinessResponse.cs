namespace StreamML.Contracts;

/// <summary>The answer of <c>GET /readyz</c>: 200 when the silo is active and its sources are read, 503 with the problems otherwise.</summary>
public sealed record ReadinessResponse
{
    /// <summary><c>ready</c> or <c>not ready</c>.</summary>
    public required string Status { get; init; }

    /// <summary>What keeps the silo from being ready; absent when it is.</summary>
    public IReadOnlyList<string>? Problems { get; init; }

    /// <summary>The source partitions this silo pumps.</summary>
    public IReadOnlyList<PartitionStatusDto> Partitions { get; init; } = [];
}
