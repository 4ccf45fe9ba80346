using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StreamML.Core.Models;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's loaded model versions: one <see cref="ScoringModel"/> (one transformer, a pool of engines) per version,
/// loaded once and verified before first use. A version that fails verification is remembered as refused; a load that
/// fails otherwise (the store unreachable, the version not yet visible) is forgotten, so the next request tries again.
/// </summary>
public sealed partial class ModelCache(IModelStore store, PlatformContext context, ILogger<ModelCache> logger) : ILoadedModels
{
    private readonly ConcurrentDictionary<(string Model, int Version), Lazy<Task<ScoringModel>>> _models = new();

    /// <summary>Versions loaded, being loaded or refused.</summary>
    public int Count => _models.Count;

    /// <summary>
    /// Returns the loaded version, loading and verifying it on first request. The load is shared by every caller and
    /// runs to its end whoever gives up: <paramref name="cancellationToken"/> only stops this caller's wait.
    /// </summary>
    /// <exception cref="ModelRejectedException">The version is corrupt, for another schema, not loadable, or not in the store.</exception>
    public Task<ScoringModel> GetAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var lazy = _models.GetOrAdd((model, version), static (key, cache) => cache.NewLoad(key), this);
        return lazy.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Returns the version if it is loaded already (never starts a load).</summary>
    public ScoringModel? TryGetLoaded(string model, int version) =>
        _models.TryGetValue((model, version), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    private Lazy<Task<ScoringModel>> NewLoad((string Model, int Version) key)
    {
        Lazy<Task<ScoringModel>>? lazy = null;
        lazy = new Lazy<Task<ScoringModel>>(() => LoadAsync(key, lazy!));
        return lazy;
    }

    private async Task<ScoringModel> LoadAsync((string Model, int Version) key, Lazy<Task<ScoringModel>> entry)
    {
        var (model, version) = key;
        var refused = false;
        try
        {
            var versions = await store.ListVersionsAsync(model).ConfigureAwait(false);
            var info = versions.FirstOrDefault(v => v.Version == version)
                ?? throw new ModelRejectedException($"model '{model}' has no version {version} in the store");
            try
            {
                var artifact = await store.ReadArtifactAsync(model, version).ConfigureAwait(false);
                // Loading deserialises the zip and builds an engine: CPU work kept off the caller's scheduler.
                var loaded = await Task.Run(() => ScoringModel.Load(info, artifact, context.Plan.SchemaHash)).ConfigureAwait(false);
                LogLoaded(model, version, info.Trainer);
                return loaded;
            }
            catch (ModelRejectedException ex)
            {
                refused = true;
                LogRefused(model, version, ex.Message);
                throw;
            }
        }
        catch (Exception ex) when (!refused)
        {
            // Only this entry goes: a request that came after the failure may already have started the next load.
            _models.TryRemove(KeyValuePair.Create(key, entry));
            LogLoadFailed(ex, model, version);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} ({Trainer})")]
    private partial void LogLoaded(string model, int version, string trainer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused model {Model} version {Version}: {Reason}")]
    private partial void LogRefused(string model, int version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load model {Model} version {Version}; the next request tries again")]
    private partial void LogLoadFailed(Exception exception, string model, int version);
}
