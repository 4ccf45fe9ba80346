using StackExchange.Redis;
using StreamML.Core.Generator;
using StreamML.GrainInterfaces;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Storage;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>
/// A pump's batch whose state write fails, transiently or for a reason of the storage's own: it is retried past the old
/// eight-attempt limit, never dead-lettered, its partition's checkpoint waits, and once storage is back every event is
/// applied once. Entity state lives in Orleans' Redis grain storage on a real redis-server.
/// </summary>
[Trait("Category", "Functional")]
public sealed class PumpRetryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const int Events = 4_000;
    private const int Groups = 16;
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
    private static readonly GeneratorOptions Workload = new() { Entities = 64, Partitions = 2, EventsPerSecond = 0, MaxEvents = Events, StartTime = Start };

    [Fact]
    public async Task Pump_StateWriteFailsTransientlyManyTimes_AppliesEveryEventOnceAndDeadLettersNothing()
    {
        // More consecutive failures of one group's first call than the eight attempts a permanent failure gets.
        const int failures = 20;
        var (reference, target) = await TargetAsync();
        var storages = new List<FaultyGrainStorage>();
        await using var platform = await StartAsync(
            target,
            () => new RedisConnectionException(ConnectionFailureType.SocketFailure, "injected: no connection is active/available"),
            storage =>
            {
                storage.FailNextWrites = failures;
                storages.Add(storage);
            });

        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        var deadLetters = await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 10);
        Assert.Equal(0, deadLetters.Total);
        Assert.Equal(failures, storages.Sum(s => s.Injected));

        // Injected failures fall on calls, each retried, except at most one closing barrier flush per partition.
        Assert.True(platform.AllSilos<PlatformInstruments>().Sum(i => i.CallRetryTotal) >= failures - Workload.Partitions);
        Assert.Equal(Events, platform.Predictions.Count);
        Assert.All(platform.Predictions.ByEvent.Values, n => Assert.Equal(1, n));
        long targetDuplicates = 0;
        foreach (var (entity, count) in reference)
        {
            var snapshot = await platform.Grains.GetGrain<IEntityGroupGrain>(EntityGroups.GroupOf(entity, Groups)).GetAsync(entity);
            Assert.Equal(count, snapshot.Events);
            targetDuplicates += EntityGroups.GroupOf(entity, Groups) == target ? snapshot.Duplicates : 0;
        }

        // The retried calls did reach the group again, and its entities skipped what they had applied.
        Assert.True(targetDuplicates > 0);
    }

    [Fact]
    public async Task Pump_StateWriteFailsPermanentlyForAWhile_HoldsTheCheckpointDeadLettersNothingAndAppliesEveryEventOnce()
    {
        // Three times the failures after which a batch used to be dead-lettered although its events were applied.
        const int failures = 3 * 8;
        var (reference, target) = await TargetAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var injected = 0;
        var storages = new List<FaultyGrainStorage>();
        await using var platform = await StartAsync(
            target,
            () =>
            {
                if (Interlocked.Increment(ref injected) == failures)
                {
                    held.TrySetResult();
                }

                return new InvalidOperationException("injected: state refused");
            },
            storage =>
            {
                storage.FailAlways = true;
                storages.Add(storage);
            });

        await held.Task.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        // Storage is down: the partition of the group's events waits with the cause on its status (and /readyz), and
        // nothing is dead-lettered as if it had been processed.
        var status = platform.AllSilos<PumpHost>().SelectMany(h => h.Status).ToArray();
        Assert.Contains(status, s => !s.Completed && s.StateNotWritten?.Contains("injected: state refused", StringComparison.Ordinal) == true);
        Assert.Equal(0, (await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 10)).Total);

        foreach (var storage in storages)
        {
            storage.FailAlways = false;
        }

        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(0, (await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 10)).Total);
        Assert.All(platform.AllSilos<PumpHost>().SelectMany(h => h.Status), s => Assert.Null(s.StateNotWritten));
        Assert.Equal(Events, platform.Predictions.Count);
        Assert.All(platform.Predictions.ByEvent.Values, n => Assert.Equal(1, n));
        foreach (var (entity, count) in reference)
        {
            var snapshot = await platform.Grains.GetGrain<IEntityGroupGrain>(EntityGroups.GroupOf(entity, Groups)).GetAsync(entity);
            Assert.Equal(count, snapshot.Events);
        }

        // What the group holds is what it wrote: a new activation reads the same counts back from storage.
        var group = platform.Grains.GetGrain<IEntityGroupGrain>(target);
        var before = await Task.WhenAll(reference.Keys.Where(e => EntityGroups.GroupOf(e, Groups) == target).Select(e => group.GetAsync(e).AsTask()));
        await platform.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        foreach (var snapshot in before)
        {
            Assert.Equal(snapshot.Events, (await group.GetAsync(snapshot.Entity)).Events);
        }
    }

    /// <summary>Events per entity, and the group of the workload's first entity, whose writes the tests make fail.</summary>
    private async Task<(Dictionary<string, long> Reference, long Target)> TargetAsync()
    {
        // Each test starts from empty storage: the service id is the same, so old state would be found again.
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"))
        {
            await connection.GetServer(redis.Endpoint).FlushAllDatabasesAsync();
        }

        var reference = await EndToEndTests.ReferenceCountsAsync(Workload);
        var target = EntityGroups.GroupOf(reference.Keys.Order(StringComparer.Ordinal).First(), Groups);
        return (reference, target);
    }

    private Task<PlatformCluster> StartAsync(long target, Func<Exception> failure, Action<FaultyGrainStorage> created) =>
        PlatformCluster.StartAsync(
            s =>
            {
                s.Generator = Workload;
                s.Host.GrainStorage = GrainStorageProvider.Redis;
                s.Storage.Redis.ConnectionString = redis.ConnectionString;
                s.Entity.Groups = Groups;

                // Every call writes its group's state, in one piece: each attempt is exactly one write.
                s.Entity.PersistEveryEvents = 1;
                s.Entity.StateChunks = 1;
                s.Pump.ReadBatchSize = 100;
                s.Pump.InitialBackoff = TimeSpan.FromMilliseconds(1);
                s.Pump.MaxBackoff = TimeSpan.FromMilliseconds(20);
            },
            services: services => FaultyGrainStorage.Decorate(
                services,
                GrainStorageNames.Entities,
                id => id.Type.ToString()!.Contains("entitygroup", StringComparison.OrdinalIgnoreCase) && id.GetIntegerKey() == target,
                failure,
                created));
}
