using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StreamML.Core.Models;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's loaded model versions: one <see cref="ScoringModel"/> (one transformer, a pool of engines) per version,
/// loaded once and verified before first use. A version that fails verification is remembered as refused.
/// </summary>
public sealed partial class ModelCache(IModelStore store, PlatformContext context, ILogger<ModelCache> logger) : ILoadedModels
{
    private readonly ConcurrentDictionary<(string Model, int Version), Lazy<Task<ScoringModel>>> _models = new();

    /// <summary>Versions loaded or being loaded.</summary>
    public int Count => _models.Count;

    /// <summary>Returns the loaded version, loading and verifying it on first request.</summary>
    /// <exception cref="ModelRejectedException">The version is corrupt, for another schema, or not loadable.</exception>
    public Task<ScoringModel> GetAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var lazy = _models.GetOrAdd((model, version), key => new Lazy<Task<ScoringModel>>(() => LoadAsync(key.Model, key.Version, cancellationToken)));
        return lazy.Value;
    }

    /// <summary>Returns the version if it is loaded already (never starts a load).</summary>
    public ScoringModel? TryGetLoaded(string model, int version) =>
        _models.TryGetValue((model, version), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    private async Task<ScoringModel> LoadAsync(string model, int version, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(model, cancellationToken).ConfigureAwait(false);
        var info = versions.FirstOrDefault(v => v.Version == version)
            ?? throw new ModelRejectedException($"model '{model}' has no version {version} in the store");
        try
        {
            var artifact = await store.ReadArtifactAsync(model, version, cancellationToken).ConfigureAwait(false);
            // Loading deserialises the zip and builds an engine: CPU work kept off the caller's scheduler.
            var loaded = await Task.Run(() => ScoringModel.Load(info, artifact, context.Plan.SchemaHash), cancellationToken).ConfigureAwait(false);
            LogLoaded(model, version, info.Trainer);
            return loaded;
        }
        catch (ModelRejectedException ex)
        {
            LogRefused(model, version, ex.Message);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} ({Trainer})")]
    private partial void LogLoaded(string model, int version, string trainer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused model {Model} version {Version}: {Reason}")]
    private partial void LogRefused(string model, int version, string reason);
}
