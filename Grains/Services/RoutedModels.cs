using StreamML.Core.Entities;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Services;

/// <summary>
/// An immutable routing snapshot with its versions already loaded: entities read it in O(1) and never see a routing
/// whose models are still loading.
/// </summary>
/// <param name="Routing">The registry's routing.</param>
/// <param name="Champion">The loaded champion, or null while no model is ready.</param>
/// <param name="Challenger">The loaded challenger, or null.</param>
public sealed record RoutedModels(ModelRouting Routing, ScoringModel? Champion, ScoringModel? Challenger)
{
    /// <summary>The same snapshot as entity groups read it: which loaded version serves which canary buckets.</summary>
    public ServingRoutes Routes { get; } = new(Champion, Challenger, Routing.Challenger, Routing.CanaryBasisPoints, Routing.Shadow);
}
