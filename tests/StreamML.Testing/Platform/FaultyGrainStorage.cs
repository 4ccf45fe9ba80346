using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace StreamML.Testing.Platform;

/// <summary>
/// Wraps a silo's real grain storage and makes the state writes of chosen grains fail: the next
/// <see cref="FailNextWrites"/> writes, or every write while <see cref="FailAlways"/> is set. Reads and clears pass through.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, Func<GrainId, bool> target, Func<Exception> failure)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private int _remaining;
    private int _injected;
    private int _written;

    /// <summary>How many of the target's next writes fail.</summary>
    public int FailNextWrites
    {
        set => Volatile.Write(ref _remaining, value);
    }

    /// <summary>Whether every write of the target fails.</summary>
    public bool FailAlways { get; set; }

    /// <summary>How many writes failed so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>How many writes of the target reached the wrapped storage and succeeded.</summary>
    public int Written => Volatile.Read(ref _written);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var targeted = target(grainId);
        if (targeted && (FailAlways || TakeOne()))
        {
            Interlocked.Increment(ref _injected);
            throw failure();
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (targeted)
        {
            Interlocked.Increment(ref _written);
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        // The wrapped provider connects in the silo lifecycle (Redis) or needs nothing (memory).
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }

    private bool TakeOne()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Replaces the keyed grain storage <paramref name="name"/> registered so far with a <see cref="FaultyGrainStorage"/>
    /// around it, and hands the wrapper to <paramref name="created"/> when the silo builds it.
    /// </summary>
    public static void Decorate(IServiceCollection services, string name, Func<GrainId, bool> target, Func<Exception> failure, Action<FaultyGrainStorage> created)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
        {
            var inner = original.KeyedImplementationFactory is { } factory
                ? (IGrainStorage)factory(sp, key)
                : original.KeyedImplementationInstance as IGrainStorage
                    ?? (IGrainStorage)ActivatorUtilities.CreateInstance(sp, original.KeyedImplementationType!);
            var faulty = new FaultyGrainStorage(inner, target, failure);
            created(faulty);
            return faulty;
        });
    }
}
