using StreamML.Core.Events;
using StreamML.Core.Hashing;
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
    /// <summary>Chooses the serving model and route for an entity with the given canary bucket, and the shadow model if any.</summary>
    public (ScoringModel? Serving, PredictionRoute Route, ScoringModel? Shadow) For(int canaryBucket)
    {
        if (Challenger is not null && !Routing.Shadow && canaryBucket < Routing.CanaryBasisPoints)
        {
            return (Challenger, PredictionRoute.Canary, null);
        }

        var shadow = Routing.Shadow ? Challenger : null;
        return Champion is null ? (null, PredictionRoute.Fallback, shadow) : (Champion, PredictionRoute.Champion, shadow);
    }

    /// <summary>The canary bucket of an entity (stable across processes).</summary>
    public static int BucketOf(string entity) => EntityHash.CanaryBucket(entity);
}
