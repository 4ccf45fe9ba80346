using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Grains.Registry;

/// <summary>
/// The registry of one model: assigns version numbers, verifies and stores artefacts (immutable), and owns the routing
/// that silos cache. Versions are read from the model store on activation, so the store stays the source of truth.
/// </summary>
internal sealed partial class ModelRegistryGrain(
    [PersistentState("registry", GrainStorageNames.Control)] IPersistentState<RegistryState> state,
    IModelStore store,
    PlatformContext context,
    ILogger<ModelRegistryGrain> logger) : Grain, IModelRegistryGrain
{
    private List<ModelVersionInfo> _versions = [];
    private string Model => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _versions = [.. await store.ListVersionsAsync(Model, cancellationToken)];
        if (state.State.Routing is null)
        {
            // No stored routing: take the newest version the store marks as champion (a registry whose control state was lost).
            var champion = _versions.LastOrDefault(v => v.Status == ModelStatus.Champion)?.Version ?? 0;
            state.State.Routing = new ModelRouting { Model = Model, Revision = champion > 0 ? 1 : 0, Champion = champion };
        }
    }

    Task<ModelVersionInfo[]> IModelRegistryGrain.GetVersionsAsync() => Task.FromResult(_versions.ToArray());

    ValueTask<ModelRouting> IModelRegistryGrain.GetRoutingAsync() => ValueTask.FromResult(state.State.Routing!);

    async Task<ModelVersionInfo> IModelRegistryGrain.RegisterAsync(ModelVersionInfo draft, byte[] artifact, bool makeChampion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var version = _versions.Count == 0 ? 1 : _versions.Max(v => v.Version) + 1;
        var info = draft with
        {
            Model = Model,
            Version = version,
            CreatedAt = context.Time.GetUtcNow(),
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(artifact)),
            Status = makeChampion ? ModelStatus.Champion : ModelStatus.Candidate,
        };

        // Refuse what could never serve before it becomes a version: wrong schema, unloadable, wrong width.
        try
        {
            await Task.Run(() => ScoringModel.Load(info, artifact, context.Plan.SchemaHash), cancellationToken);
        }
        catch (ModelRejectedException ex)
        {
            // Core's exception carries no wire format; the grain's callers get the registry's own, with the same message.
            throw new ModelRefusedException(ex.Message);
        }

        // Past this point the version is registered whole: a save cut short would leave an artefact no version names.
        cancellationToken.ThrowIfCancellationRequested();
        await store.SaveAsync(info, artifact, CancellationToken.None);
        _versions.Add(info);
        LogRegistered(Model, version, info.Trainer, info.Reason, info.TrainingExamples);
        if (makeChampion)
        {
            await SetChampionAsync(version, info.Reason);
        }

        return _versions[^1];
    }

    async Task<ModelRouting> IModelRegistryGrain.PromoteAsync(int version, string reason)
    {
        if (_versions.All(v => v.Version != version))
        {
            throw new ArgumentException($"model '{Model}' has no version {version}", nameof(version));
        }

        await SetChampionAsync(version, reason);
        return state.State.Routing!;
    }

    async Task<ModelRouting> IModelRegistryGrain.SetChallengerAsync(int version, int canaryBasisPoints, bool shadow, string reason)
    {
        var routing = state.State.Routing!;
        if (_versions.All(v => v.Version != version))
        {
            throw new ArgumentException($"model '{Model}' has no version {version}", nameof(version));
        }

        if (version == routing.Champion)
        {
            throw new ArgumentException($"version {version} of model '{Model}' is already the champion", nameof(version));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(canaryBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(canaryBasisPoints, 10_000);
        if (routing.Challenger > 0 && routing.Challenger != version)
        {
            await SetStatusAsync(routing.Challenger, ModelStatus.Retired);
        }

        await SetStatusAsync(version, shadow ? ModelStatus.Shadow : ModelStatus.Canary);
        state.State.Routing = routing with
        {
            Revision = routing.Revision + 1,
            Challenger = version,
            CanaryBasisPoints = shadow ? 0 : canaryBasisPoints,
            Shadow = shadow,
        };
        await state.WriteStateAsync();
        LogChallenger(Model, version, shadow ? "shadow" : $"canary {canaryBasisPoints / 100.0}%", reason);
        return state.State.Routing;
    }

    async Task<ModelRouting> IModelRegistryGrain.RollbackAsync(string reason)
    {
        var routing = state.State.Routing!;
        if (routing.Challenger > 0)
        {
            await SetStatusAsync(routing.Challenger, ModelStatus.Retired);
            state.State.Routing = routing with { Revision = routing.Revision + 1, Challenger = 0, CanaryBasisPoints = 0, Shadow = false };
            await state.WriteStateAsync();
            LogRolledBack(Model, routing.Challenger, routing.Champion, reason);
            return state.State.Routing;
        }

        var previous = state.State.PreviousChampions;
        if (previous.Count == 0)
        {
            throw new InvalidOperationException($"model '{Model}' has no challenger and no earlier champion to roll back to");
        }

        var restore = previous[^1];
        previous.RemoveAt(previous.Count - 1);
        await SetChampionAsync(restore, reason, remember: false);
        LogRolledBack(Model, routing.Champion, restore, reason);
        return state.State.Routing!;
    }

    private async Task SetChampionAsync(int version, string reason, bool remember = true)
    {
        var routing = state.State.Routing!;
        var previous = routing.Champion;
        if (previous == version)
        {
            return;
        }

        if (previous > 0)
        {
            await SetStatusAsync(previous, ModelStatus.Retired);
            if (remember)
            {
                // Bounded: rollback reaches a few champions back, never an unbounded history.
                state.State.PreviousChampions.Add(previous);
                if (state.State.PreviousChampions.Count > 16)
                {
                    state.State.PreviousChampions.RemoveAt(0);
                }
            }
        }

        await SetStatusAsync(version, ModelStatus.Champion);
        state.State.Routing = routing with
        {
            Revision = routing.Revision + 1,
            Champion = version,
            Challenger = routing.Challenger == version ? 0 : routing.Challenger,
            CanaryBasisPoints = routing.Challenger == version ? 0 : routing.CanaryBasisPoints,
            Shadow = routing.Challenger != version && routing.Shadow,
        };
        await state.WriteStateAsync();
        LogChampion(Model, version, previous, reason);
    }

    private async Task SetStatusAsync(int version, ModelStatus status)
    {
        await store.UpdateStatusAsync(Model, version, status);
        var index = _versions.FindIndex(v => v.Version == version);
        _versions[index] = _versions[index] with { Status = status };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered model {Model} version {Version} ({Trainer}, {Reason}, {Examples} examples)")]
    private partial void LogRegistered(string model, int version, string trainer, string reason, long examples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: version {Version} is challenger ({Route}): {Reason}")]
    private partial void LogChallenger(string model, int version, string route, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: rolled back from version {From} to version {To}: {Reason}")]
    private partial void LogRolledBack(string model, int from, int to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: version {Version} is champion (was {Previous}): {Reason}")]
    private partial void LogChampion(string model, int version, int previous, string reason);
}
