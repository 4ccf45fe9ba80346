using Microsoft.Extensions.Logging.Abstractions;
using StreamML.Core.Entities;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Grains.Options;
using StreamML.Grains.Services;
using StreamML.Testing.Models;

namespace StreamML.Grains.Tests.Services;

/// <summary>
/// The model cache loads a version once for every caller: a load that failed is tried again on the next request, a
/// caller that gives up does not cancel the load for the others, and a version refused by verification stays refused.
/// </summary>
[Trait("Category", "BVT")]
public sealed class ModelCacheTests
{
    private static readonly PlatformContext Context = new(
        Microsoft.Extensions.Options.Options.Create(GeneratorSchema.Create("cache")),
        Microsoft.Extensions.Options.Options.Create(new EntityOptions()),
        Microsoft.Extensions.Options.Options.Create(new ModelOptions()),
        TimeProvider.System);

    private static readonly Lazy<(ModelVersionInfo Info, byte[] Artifact)> Version1 = new(() =>
    {
        var (draft, artifact) = TestModels.TrainDraft(Context, seed: 3);
        return (draft with { Version = 1 }, artifact);
    });

    [Fact]
    public async Task GetAsync_StoreFailedTheFirstLoad_LoadsOnTheNextRequest()
    {
        var store = new ScriptedStore(Version1.Value.Info, Version1.Value.Artifact) { FailReads = 1 };
        var cache = new ModelCache(store, Context, NullLogger<ModelCache>.Instance);

        await Assert.ThrowsAsync<IOException>(() => cache.GetAsync(Context.ModelName, 1, TestContext.Current.CancellationToken));
        Assert.Null(cache.TryGetLoaded(Context.ModelName, 1));
        var loaded = await cache.GetAsync(Context.ModelName, 1, TestContext.Current.CancellationToken);

        Assert.Equal(1, loaded.Info.Version);
        Assert.Same(loaded, cache.TryGetLoaded(Context.ModelName, 1));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task GetAsync_VersionNotYetInTheStore_IsLookedUpAgainOnTheNextRequest()
    {
        var store = new ScriptedStore(Version1.Value.Info, Version1.Value.Artifact) { Hidden = true };
        var cache = new ModelCache(store, Context, NullLogger<ModelCache>.Instance);

        await Assert.ThrowsAsync<ModelRejectedException>(() => cache.GetAsync(Context.ModelName, 1, TestContext.Current.CancellationToken));
        store.Hidden = false;
        var loaded = await cache.GetAsync(Context.ModelName, 1, TestContext.Current.CancellationToken);

        Assert.Equal(1, loaded.Info.Version);
    }

    [Fact]
    public async Task GetAsync_FirstCallerCancels_TheLoadGoesOnForTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new ScriptedStore(Version1.Value.Info, Version1.Value.Artifact) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var cache = new ModelCache(store, Context, NullLogger<ModelCache>.Instance);
        using var first = new CancellationTokenSource();

        var cancelled = cache.GetAsync(Context.ModelName, 1, first.Token);
        var waiting = cache.GetAsync(Context.ModelName, 1, ct);
        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        store.Gate.SetResult();
        var loaded = await waiting.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(1, loaded.Info.Version);
        Assert.Same(loaded, await cache.GetAsync(Context.ModelName, 1, ct));
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task GetAsync_CorruptArtifact_StaysRefusedWithoutReadingAgain()
    {
        var corrupt = Version1.Value.Artifact.ToArray();
        corrupt[corrupt.Length / 2] ^= 0x5A;
        var store = new ScriptedStore(Version1.Value.Info, corrupt);
        var cache = new ModelCache(store, Context, NullLogger<ModelCache>.Instance);

        await Assert.ThrowsAsync<ModelRejectedException>(() => cache.GetAsync(Context.ModelName, 1, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ModelRejectedException>(() => cache.GetAsync(Context.ModelName, 1, TestContext.Current.CancellationToken));

        Assert.Equal(1, store.Reads);
    }

    /// <summary>A store of one version whose reads fail, wait or hide the version as a test says.</summary>
    private sealed class ScriptedStore(ModelVersionInfo info, byte[] artifact) : IModelStore
    {
        private int _reads;

        public int FailReads { get; set; }

        public bool Hidden { get; set; }

        public TaskCompletionSource? Gate { get; init; }

        public int Reads => Volatile.Read(ref _reads);

        public ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<string>>([info.Model]);

        public ValueTask<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<ModelVersionInfo>>(Hidden ? [] : [info]);

        public async ValueTask<byte[]> ReadArtifactAsync(string model, int version, CancellationToken cancellationToken = default)
        {
            var read = Interlocked.Increment(ref _reads);
            if (Gate is not null)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }

            return read <= FailReads ? throw new IOException("injected: store unreachable") : artifact;
        }

        public ValueTask SaveAsync(ModelVersionInfo version, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("read-only");

        public ValueTask UpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("read-only");
    }
}
