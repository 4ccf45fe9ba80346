using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence.FileStorage;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using StreamML.Core.Files;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.GrainStorage;

/// <summary>
/// The file grain storage replaces each state file in one step: a torn temporary file from a crashed write never
/// breaks a read (an activation), leftovers are deleted at start once stale, ETags guard writes, and the files are the
/// ones Orleans' own file storage reads and writes.
/// </summary>
[Trait("Category", "BVT")]
public sealed class CrashSafeFileGrainStorageTests : IDisposable
{
    private const string StateName = "counter";
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly string _root = Directory.CreateTempSubdirectory("streamml-filestorage-").FullName;

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private FileGrainStorageOptions Options() => new()
    {
        RootDirectory = _root,
        GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
    };

    private static IOptions<ClusterOptions> Cluster => Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = "svc", ClusterId = "c" });

    private CrashSafeFileGrainStorage CreateStorage() =>
        new("test", Options(), Cluster, _services.GetRequiredService<IActivatorProvider>(), TimeProvider.System, NullLogger<CrashSafeFileGrainStorage>.Instance);

    private static GrainId NewGrain() => GrainId.Create("counter", Guid.NewGuid().ToString("N"));

    private static GrainState<CounterState> State(int count, string? etag = null) => new(new CounterState { Count = count, Note = $"n{count}" }, etag);

    [Fact]
    public async Task Read_TornTemporaryFileBesideTheState_ReadsTheLastWrittenState()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var written = State(7);
        await storage.WriteStateAsync(StateName, grain, written);

        // A later write that crashed half-way: its temporary file holds a header and part of a state.
        var path = storage.PathOf(StateName, grain);
        var torn = (await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken))[..30];
        await File.WriteAllBytesAsync($"{path}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}", torn, TestContext.Current.CancellationToken);
        var read = State(0);
        await CreateStorage().ReadStateAsync(StateName, grain, read);

        Assert.Equal(7, read.State!.Count);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Read_OnlyATornTemporaryFile_IsNoStateYet()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var path = storage.PathOf(StateName, grain);
        await File.WriteAllBytesAsync($"{path}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}", "ORLFS0"u8.ToArray(), TestContext.Current.CancellationToken);

        var read = State(5, "stale");
        await storage.ReadStateAsync(StateName, grain, read);
        await storage.WriteStateAsync(StateName, grain, read);

        Assert.Equal(0, read.State!.Count);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public void DeleteLeftovers_KeepsTemporaryFilesOfWritesThatMayStillRun()
    {
        var old = Path.Combine(_root, $"A.grain.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        var fresh = Path.Combine(_root, $"B.grain.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        File.WriteAllBytes(old, [1, 2, 3]);
        File.WriteAllBytes(fresh, [1, 2, 3]);
        File.SetLastWriteTimeUtc(old, TimeProvider.System.GetUtcNow().UtcDateTime - CrashSafeFileGrainStorage.StaleAfter - TimeSpan.FromMinutes(1));

        var deleted = AtomicFile.DeleteStaleTemporaryFiles(_root, TimeProvider.System.GetUtcNow() - CrashSafeFileGrainStorage.StaleAfter);

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task Write_StaleETag_IsRefusedAndKeepsTheStoredState()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var first = State(1);
        await storage.WriteStateAsync(StateName, grain, first);
        var winner = State(2, first.ETag);
        await storage.WriteStateAsync(StateName, grain, winner);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, State(3, first.ETag)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, NewGrain(), State(3, first.ETag)));
        var read = State(0);
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.Equal(2, read.State!.Count);
        Assert.Equal(winner.ETag, read.ETag);
        Assert.Empty(Directory.EnumerateFiles(_root, "*" + AtomicFile.TemporarySuffix));
    }

    [Fact]
    public async Task Clear_RemovesTheFile()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var state = State(4);
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(File.Exists(storage.PathOf(StateName, grain)));
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Files_AreTheOnesOrleansFileStorageReadsAndWrites()
    {
        var ours = CreateStorage();
        var orleans = new FileGrainStorage("test", Options(), Cluster, _services.GetRequiredService<IActivatorProvider>());
        var grain = NewGrain();

        var byOrleans = State(11);
        await orleans.WriteStateAsync(StateName, grain, byOrleans);
        var readByUs = State(0);
        await ours.ReadStateAsync(StateName, grain, readByUs);
        Assert.Equal((11, byOrleans.ETag), (readByUs.State!.Count, readByUs.ETag));

        readByUs.State.Count = 12;
        await ours.WriteStateAsync(StateName, grain, readByUs);
        var readByOrleans = State(0);
        await orleans.ReadStateAsync(StateName, grain, readByOrleans);
        Assert.Equal((12, readByUs.ETag), (readByOrleans.State!.Count, readByOrleans.ETag));
    }
}
