using StreamML.Core.Hashing;

namespace StreamML.GrainInterfaces;

/// <summary>Where an entity lives: the group grain its id hashes to (stable across processes and restarts).</summary>
public static class EntityGroups
{
    /// <summary>The group of <paramref name="entity"/> among <paramref name="groups"/>.</summary>
    public static long GroupOf(string entity, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        return (long)(EntityHash.Hash64(entity) % (ulong)groups);
    }

    /// <summary>The grain hosting <paramref name="entity"/>.</summary>
    public static IEntityGroupGrain For(this IGrainFactory grains, string entity, int groups)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IEntityGroupGrain>(GroupOf(entity, groups));
    }
}
