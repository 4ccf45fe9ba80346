namespace StreamML.Contracts;

/// <summary>One model as <c>GET /v1/models</c> lists it: its versions, routing and retraining.</summary>
public sealed record ModelSummaryDto
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>Hash of the feature schema the platform serves.</summary>
    public required string SchemaHash { get; init; }

    /// <summary>Which versions serve traffic.</summary>
    public required RoutingDto Routing { get; init; }

    /// <summary>The state of the model's retraining.</summary>
    public required RetrainingStatusDto Retraining { get; init; }

    /// <summary>Every registered version, oldest first.</summary>
    public IReadOnlyList<ModelVersionSummaryDto> Versions { get; init; } = [];
}
