using StreamML.Core.Sources;

namespace StreamML.Storage.Tests.Checkpoints;

/// <summary>
/// The behaviour every <see cref="ICheckpointStore"/> must show, run against each store by a subclass. Each test uses
/// a source name of its own, so the subclasses can share one server across the tests.
/// </summary>
public abstract class CheckpointStoreConformanceTests
{
    private const int ConcurrentWriters = 8;

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new store over the same backing storage (a new client, as another silo would have).</summary>
    protected abstract Task<ICheckpointStore> CreateStoreAsync();

    /// <summary>Restarts whatever holds the checkpoints (the server, or the process for files).</summary>
    protected abstract Task RestartBackendAsync();

    private static string NewSource() => "src-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task LoadAsync_NothingWritten_ReturnsNone()
    {
        var store = await CreateStoreAsync();

        var state = await store.LoadAsync(NewSource(), 0, Ct);

        Assert.Equal(CheckpointState.None, state);
        Assert.Null(state.Offset);
        Assert.Null(state.Version);
    }

    [Fact]
    public async Task WriteAsync_CreateThenUpdate_LoadReturnsLatest()
    {
        var store = await CreateStoreAsync();
        var source = NewSource();

        var first = await store.WriteAsync(source, 3, 41, expectedVersion: null, Ct);
        var second = await store.WriteAsync(source, 3, 42, first.Version, Ct);
        var loaded = await store.LoadAsync(source, 3, Ct);

        Assert.Equal(41, first.Offset);
        Assert.NotNull(first.Version);
        Assert.Equal(42, second.Offset);
        Assert.NotNull(second.Version);
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal(second, loaded);
    }

    [Fact]
    public async Task WriteAsync_StaleVersion_ThrowsConflictAndKeepsStoredValue()
    {
        var store = await CreateStoreAsync();
        var source = NewSource();
        var v1 = await store.WriteAsync(source, 0, 10, null, Ct);
        var v2 = await store.WriteAsync(source, 0, 20, v1.Version, Ct);

        var ex = await Assert.ThrowsAsync<CheckpointConflictException>(async () => await store.WriteAsync(source, 0, 30, v1.Version, Ct));

        Assert.Equal(v2, ex.Current);
        Assert.Equal(v2, await store.LoadAsync(source, 0, Ct));
    }

    [Fact]
    public async Task WriteAsync_CreateWhenOneExists_ThrowsConflictAndKeepsStoredValue()
    {
        var store = await CreateStoreAsync();
        var source = NewSource();
        var existing = await store.WriteAsync(source, 1, 5, null, Ct);

        var ex = await Assert.ThrowsAsync<CheckpointConflictException>(async () => await store.WriteAsync(source, 1, 6, null, Ct));

        Assert.Equal(existing, ex.Current);
        Assert.Equal(existing, await store.LoadAsync(source, 1, Ct));
    }

    [Fact]
    public async Task WriteAsync_ExpectedVersionButNothingStored_ThrowsConflict()
    {
        var store = await CreateStoreAsync();
        var source = NewSource();
        var elsewhere = await store.WriteAsync(NewSource(), 0, 1, null, Ct);

        var ex = await Assert.ThrowsAsync<CheckpointConflictException>(async () => await store.WriteAsync(source, 0, 7, elsewhere.Version, Ct));

        Assert.Equal(CheckpointState.None, ex.Current);
        Assert.Equal(CheckpointState.None, await store.LoadAsync(source, 0, Ct));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentUpdatesFromOneVersion_ExactlyOneWins()
    {
        var source = NewSource();
        var setup = await CreateStoreAsync();
        var start = await setup.WriteAsync(source, 0, 100, null, Ct);
        var stores = new ICheckpointStore[ConcurrentWriters];
        for (var i = 0; i < stores.Length; i++)
        {
            stores[i] = await CreateStoreAsync();
        }

        var outcomes = await RaceAsync(stores, i => stores[i].WriteAsync(source, 0, 200 + i, start.Version, Ct).AsTask());

        AssertExactlyOneWinner(outcomes, await setup.LoadAsync(source, 0, Ct), winnerOffset: i => 200 + i);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentCreates_ExactlyOneWins()
    {
        var source = NewSource();
        var stores = new ICheckpointStore[ConcurrentWriters];
        for (var i = 0; i < stores.Length; i++)
        {
            stores[i] = await CreateStoreAsync();
        }

        var outcomes = await RaceAsync(stores, i => stores[i].WriteAsync(source, 2, 500 + i, null, Ct).AsTask());

        AssertExactlyOneWinner(outcomes, await stores[0].LoadAsync(source, 2, Ct), winnerOffset: i => 500 + i);
    }

    [Fact]
    public async Task WriteAsync_LowerOffset_IsStoredBecauseOrderingIsTheCallersRule()
    {
        // Keeping offsets monotonic belongs to the partition owner (it knows what it has applied); the store only
        // guards against concurrent writers. This pins that division of work.
        var store = await CreateStoreAsync();
        var source = NewSource();
        var high = await store.WriteAsync(source, 0, 1_000, null, Ct);

        var low = await store.WriteAsync(source, 0, 10, high.Version, Ct);

        Assert.Equal(10, (await store.LoadAsync(source, 0, Ct)).Offset);
        Assert.Equal(low, await store.LoadAsync(source, 0, Ct));
    }

    [Fact]
    public async Task WriteAsync_PartitionsAndSources_AreIndependent()
    {
        var store = await CreateStoreAsync();
        var a = NewSource();
        var b = NewSource();

        await store.WriteAsync(a, 0, 1, null, Ct);
        await store.WriteAsync(a, 1, 2, null, Ct);
        await store.WriteAsync(b, 0, 3, null, Ct);

        Assert.Equal(1, (await store.LoadAsync(a, 0, Ct)).Offset);
        Assert.Equal(2, (await store.LoadAsync(a, 1, Ct)).Offset);
        Assert.Equal(3, (await store.LoadAsync(b, 0, Ct)).Offset);
        Assert.Equal(CheckpointState.None, await store.LoadAsync(b, 1, Ct));
    }

    [Fact]
    public async Task WriteAsync_WithPosition_LoadReturnsItAndALaterWriteWithoutOneClearsIt()
    {
        var store = await CreateStoreAsync();
        var source = NewSource();

        var first = await store.WriteAsync(source, 2, 5, "18446744073709551615-18446744073709551615", expectedVersion: null, Ct);
        var loaded = await (await CreateStoreAsync()).LoadAsync(source, 2, Ct);
        var second = await store.WriteAsync(source, 2, 6, position: null, loaded.Version, Ct);
        var reloaded = await store.LoadAsync(source, 2, Ct);

        Assert.Equal("18446744073709551615-18446744073709551615", first.Position);
        Assert.Equal(first, loaded);
        Assert.Null(second.Position);
        Assert.Equal(second, reloaded);
        Assert.Equal(6, reloaded.Offset);
    }

    [Fact]
    public async Task WriteAsync_StaleVersionWithPosition_ConflictCarriesTheStoredPosition()
    {
        var store = await CreateStoreAsync();
        var source = NewSource();
        var v1 = await store.WriteAsync(source, 0, 10, "0-2000000", expectedVersion: null, Ct);
        await store.WriteAsync(source, 0, 11, "0-2000001", v1.Version, Ct);

        var conflict = await Assert.ThrowsAsync<CheckpointConflictException>(async () => await store.WriteAsync(source, 0, 12, "0-2000002", v1.Version, Ct));

        Assert.Equal("0-2000001", conflict.Current?.Position);
        Assert.Equal(11, (await store.LoadAsync(source, 0, Ct)).Offset);
    }

    [Fact]
    public async Task LoadAsync_AfterBackendRestart_ReturnsLastWrite()
    {
        var store = await CreateStoreAsync();
        var source = NewSource();
        var first = await store.WriteAsync(source, 4, 77, null, Ct);
        var written = await store.WriteAsync(source, 4, 78, first.Version, Ct);

        await RestartBackendAsync();
        var after = await CreateStoreAsync();
        var loaded = await after.LoadAsync(source, 4, Ct);
        var next = await after.WriteAsync(source, 4, 79, loaded.Version, Ct);

        Assert.Equal(written, loaded);
        Assert.Equal(79, next.Offset);
        await Assert.ThrowsAsync<CheckpointConflictException>(async () => await after.WriteAsync(source, 4, 80, written.Version, Ct));
    }

    private static async Task<(CheckpointState? State, CheckpointConflictException? Conflict)[]> RaceAsync(
        ICheckpointStore[] stores, Func<int, Task<CheckpointState>> write)
    {
        // Every writer waits on the same gate so the writes really overlap.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, stores.Length).Select(async i =>
        {
            await gate.Task;
            try
            {
                return ((CheckpointState?)await write(i), (CheckpointConflictException?)null);
            }
            catch (CheckpointConflictException ex)
            {
                return (null, ex);
            }
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static void AssertExactlyOneWinner(
        (CheckpointState? State, CheckpointConflictException? Conflict)[] outcomes, CheckpointState stored, Func<int, long> winnerOffset)
    {
        var winners = outcomes.Select((o, i) => (o.State, Index: i)).Where(o => o.State is not null).ToArray();
        Assert.Single(winners);
        Assert.Equal(outcomes.Length - 1, outcomes.Count(o => o.Conflict is not null));
        Assert.Equal(winnerOffset(winners[0].Index), stored.Offset);
        Assert.Equal(winners[0].State, stored);
    }
}
