using StreamML.Contracts;

namespace StreamML.Silo.Api;

/// <summary>What the OpenAPI document says of each route: its operation id, tag, summary and the refusals it shares with others.</summary>
internal static class ApiDescriptions
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string name, string tag, string summary) =>
        route.WithName(name).WithTags(tag).WithSummary(summary);

    /// <summary>The answers of an operator's rollout action: the rollout after it, or a one-line refusal.</summary>
    public static RouteHandlerBuilder ProducesRefusals(this RouteHandlerBuilder route) =>
        route.Produces<RolloutDto>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<ErrorResponse>(StatusCodes.Status409Conflict);
}
