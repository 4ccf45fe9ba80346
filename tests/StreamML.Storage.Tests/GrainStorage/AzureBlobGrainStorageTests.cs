using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.GrainStorage;

/// <summary>
/// The grain-storage contract on Azurite, case by case as Orleans' own storage test kit exercises providers
/// (ETag per write, stale ETag refused, clear then write, missing state, non-ASCII ids, parallel grains).
/// </summary>
[Trait("Category", "Functional")]
public sealed class AzureBlobGrainStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string StateName = "counter";
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private AzureBlobGrainStorage CreateStorage(string container, bool deleteOnClear = true) =>
        new("test", new AzureBlobGrainStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            ContainerName = container,
            DeleteStateOnClear = deleteOnClear,
            GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
        }, _services.GetRequiredService<IActivatorProvider>(), NullLogger<AzureBlobGrainStorage>.Instance);

    private static string NewContainer() => "gs-" + Guid.NewGuid().ToString("N")[..16];

    private static GrainId NewGrain(string? key = null) => GrainId.Create("counter", key ?? Guid.NewGuid().ToString("N"));

    private static GrainState<CounterState> State(int count, string? etag = null) => new(new CounterState { Count = count, Note = $"n{count}" }, etag);

    [Fact]
    public async Task ReadStateAsync_NothingStored_GivesDefaultAndNoRecord()
    {
        var storage = CreateStorage(NewContainer());
        var state = State(99, "\"stale\"");

        await storage.ReadStateAsync(StateName, NewGrain(), state);

        Assert.Equal(0, state.State!.Count);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_EveryWrite_ChangesETagAndReadsBack()
    {
        var storage = CreateStorage(NewContainer());
        var grain = NewGrain();
        var state = State(1);

        await storage.WriteStateAsync(StateName, grain, state);
        var first = state.ETag;
        state.State!.Count = 2;
        await storage.WriteStateAsync(StateName, grain, state);
        var second = state.ETag;
        var read = State(0);
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.True(state.RecordExists);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal(second, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsInconsistentAndKeepsStoredState()
    {
        var storage = CreateStorage(NewContainer());
        var grain = NewGrain();
        var original = State(1);
        await storage.WriteStateAsync(StateName, grain, original);
        var winner = State(10, original.ETag);
        var loser = State(20, original.ETag);

        await storage.WriteStateAsync(StateName, grain, winner);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, loser));
        var read = State(0);
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.Equal(original.ETag, ex.CurrentEtag);
        Assert.Equal(winner.ETag, ex.StoredEtag);
        Assert.Equal(10, read.State!.Count);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_NoETagButStateExists_ThrowsInconsistent()
    {
        var storage = CreateStorage(NewContainer());
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, State(1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, State(2)));

        var read = State(0);
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(1, read.State!.Count);
    }

    [Fact]
    public async Task ClearStateAsync_DeleteOnClear_RemovesBlobAndAllowsWriteAfter()
    {
        var container = NewContainer();
        var storage = CreateStorage(container);
        var grain = NewGrain();
        var state = State(5);
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);
        var blobExists = (await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container)
            .GetBlobClient(AzureBlobGrainStorage.BlobNameOf(StateName, grain)).ExistsAsync(TestContext.Current.CancellationToken)).Value;
        state.State!.Count = 6;
        await storage.WriteStateAsync(StateName, grain, state);
        var read = State(0);
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.False(blobExists);
        Assert.Equal(6, read.State!.Count);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task ClearStateAsync_KeepBlob_WritesEmptyStateWithNewETag()
    {
        var storage = CreateStorage(NewContainer(), deleteOnClear: false);
        var grain = NewGrain();
        var state = State(5);
        await storage.WriteStateAsync(StateName, grain, state);
        var written = state.ETag;

        await storage.ClearStateAsync(StateName, grain, state);
        var read = State(7);
        await storage.ReadStateAsync(StateName, grain, read);
        read.State!.Count = 8;
        await storage.WriteStateAsync(StateName, grain, read);

        Assert.NotNull(state.ETag);
        Assert.NotEqual(written, state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Count);
        Assert.True(read.RecordExists);
        Assert.NotEqual(state.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearStateAsync_StaleETag_ThrowsInconsistentAndKeepsState()
    {
        var storage = CreateStorage(NewContainer());
        var grain = NewGrain();
        var state = State(1);
        await storage.WriteStateAsync(StateName, grain, state);
        var stale = State(1, state.ETag);
        await storage.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, stale));

        var read = State(0);
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Theory]
    [InlineData("Кириллица-ключ")]
    [InlineData("日本語/キー?#%&")]
    [InlineData("spaces and \\ backslash.")]
    public async Task WriteAndRead_NonAsciiAndUnsafeGrainIds_RoundTrip(string key)
    {
        var storage = CreateStorage(NewContainer());
        var grain = NewGrain(key);
        var neighbour = NewGrain(key + "x");
        await storage.WriteStateAsync(StateName, grain, State(41));
        await storage.WriteStateAsync(StateName, neighbour, State(42));

        var read = State(0);
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.Equal(41, read.State!.Count);
        Assert.Equal("n41", read.State!.Note);
    }

    [Fact]
    public async Task WriteStateAsync_ManyGrainsInParallel_AllPersist()
    {
        const int Grains = 64;
        var storage = CreateStorage(NewContainer());
        var ids = Enumerable.Range(0, Grains).Select(i => NewGrain($"parallel-{i}")).ToArray();

        await Task.WhenAll(ids.Select((id, i) => storage.WriteStateAsync(StateName, id, State(i))));
        var reads = await Task.WhenAll(ids.Select(async id =>
        {
            var s = State(-1);
            await storage.ReadStateAsync(StateName, id, s);
            return s.State!.Count;
        }));

        Assert.Equal(Enumerable.Range(0, Grains), reads);
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var failures = new AzureBlobGrainStorageOptions { ContainerName = "x" }.Validate("blob");

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("exactly one of ConnectionString or ServiceUri", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'x' is not a valid container name", StringComparison.Ordinal));
    }

    public void Dispose() => _services.Dispose();
}
