using StreamML.Core.Models;

namespace StreamML.GrainInterfaces;

/// <summary>
/// The registry of one model (keyed by model name): its immutable versions and its routing. Silos read the routing
/// periodically and keep it in a local cache; the hot path never calls this grain.
/// </summary>
[Alias("streamml.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>Every version, oldest first.</summary>
    Task<ModelVersionInfo[]> GetVersionsAsync();

    /// <summary>The current routing.</summary>
    ValueTask<ModelRouting> GetRoutingAsync();

    /// <summary>
    /// Registers a trained artefact as the next version. The version number, creation time, artefact hash and status
    /// are assigned here; <paramref name="draft"/> supplies the rest.
    /// </summary>
    /// <param name="draft">What the trainer knows: schema hash, task, trainer, columns, training window, metrics, normalisation, parent, reason.</param>
    /// <param name="artifact">The ML.NET model zip.</param>
    /// <param name="makeChampion">Whether the new version serves immediately (the bootstrap of a model with no champion).</param>
    /// <param name="cancellationToken">Cancels the registration while the artefact is verified; once it is being saved, the version is registered.</param>
    Task<ModelVersionInfo> RegisterAsync(ModelVersionInfo draft, byte[] artifact, bool makeChampion, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="version"/> the champion; the previous champion is retired.</summary>
    Task<ModelRouting> PromoteAsync(int version, string reason);

    /// <summary>
    /// Routes <paramref name="version"/> as the challenger: served to <paramref name="canaryBasisPoints"/> of 10,000
    /// buckets of entities, or scored in shadow for every entity when <paramref name="shadow"/> is set.
    /// </summary>
    Task<ModelRouting> SetChallengerAsync(int version, int canaryBasisPoints, bool shadow, string reason);

    /// <summary>
    /// Rolls back in one call: drops the challenger (retired) when there is one; otherwise makes the previous champion
    /// champion again.
    /// </summary>
    /// <exception cref="InvalidOperationException">No challenger and no previous champion.</exception>
    Task<ModelRouting> RollbackAsync(string reason);
}
