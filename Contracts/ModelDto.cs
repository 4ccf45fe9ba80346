namespace StreamML.Contracts;

/// <summary>The answer to <c>GET /v1/models/{name}</c>: versions with their live figures, routing, rollout and label outcomes.</summary>
public sealed record ModelDto
{
    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>The hash of the feature schema the model's versions take.</summary>
    public string? SchemaHash { get; init; }

    /// <summary>The current routing.</summary>
    public required RoutingDto Routing { get; init; }

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<VersionDto> Versions { get; init; } = [];

    /// <summary>The current or last rollout.</summary>
    public required RolloutDto Rollout { get; init; }

    /// <summary>Labels by outcome since start: matched, unmatched, duplicate, late.</summary>
    public IReadOnlyDictionary<string, long> Labels { get; init; } = new Dictionary<string, long>();

    /// <summary>The retraining state.</summary>
    public RetrainingStatusDto? Retraining { get; init; }
}
