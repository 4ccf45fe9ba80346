using Orleans.Storage;

namespace StreamML.Storage.Encryption;

/// <summary>
/// A grain storage whose state is encrypted at rest: it names the grain state of each call for the
/// <see cref="EncryptingGrainStorageSerializer"/> inside <paramref name="inner"/>, and refuses a write that reached the
/// store without passing through it, so no backend can store plain state by accident.
/// </summary>
public sealed class EncryptingGrainStorage(string name, IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The storage that keeps the envelopes.</summary>
    public IGrainStorage Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // An async method, so the scope ends with the call and never leaks into the caller's flow.
        GrainStateScope.Enter(stateName, grainId);
        await Inner.ReadStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The backend wrote the state without the encrypting serializer.</exception>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var scope = GrainStateScope.Enter(stateName, grainId);
        await Inner.WriteStateAsync(stateName, grainId, grainState);
        if (!scope.Encrypted)
        {
            throw new InvalidOperationException(
                $"Grain storage '{name}' wrote {scope.Context} without encrypting it: its serializer is not the encrypting one.");
        }
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateScope.Enter(stateName, grainId);
        await Inner.ClearStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) => (Inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
