using StreamML.Core.Events;
using StreamML.Core.Models;

namespace StreamML.Core.Entities;

/// <summary>
/// Which loaded versions serve a model's entities right now: the champion for everyone, or the challenger for the entities
/// whose canary bucket is below <see cref="CanaryBasisPoints"/>, or the challenger scored in shadow beside the champion.
/// An immutable snapshot, read in O(1) per event.
/// </summary>
/// <param name="Champion">The loaded champion, or null while no model is ready.</param>
/// <param name="Challenger">The loaded challenger, or null when there is none or it could not be loaded.</param>
/// <param name="ChallengerVersion">The challenger version the routing names (0 for none), loaded or not.</param>
/// <param name="CanaryBasisPoints">Share of the 10,000 canary buckets the challenger serves.</param>
/// <param name="Shadow">Whether the challenger is scored in shadow for every entity instead of serving a share.</param>
public sealed record ServingRoutes(ScoringModel? Champion, ScoringModel? Challenger, int ChallengerVersion, int CanaryBasisPoints, bool Shadow)
{
    /// <summary>No model ready: every entity gets the fallback.</summary>
    public static ServingRoutes None { get; } = new(null, null, 0, 0, false);

    /// <summary>
    /// The buckets below which an entity belongs to the canary share, whether or not the challenger could serve it: counted
    /// so the rollout gate can tell a challenger that never served its share.
    /// </summary>
    public int CanaryShare => ChallengerVersion > 0 && !Shadow ? CanaryBasisPoints : 0;

    /// <summary>Chooses the serving model and route for an entity with the given canary bucket, and the shadow model if any.</summary>
    public (ScoringModel? Serving, PredictionRoute Route, ScoringModel? Shadow) For(int canaryBucket)
    {
        if (Challenger is not null && !Shadow && canaryBucket < CanaryBasisPoints)
        {
            return (Challenger, PredictionRoute.Canary, null);
        }

        var shadow = Shadow ? Challenger : null;
        return Champion is null ? (null, PredictionRoute.Fallback, shadow) : (Champion, PredictionRoute.Champion, shadow);
    }
}
