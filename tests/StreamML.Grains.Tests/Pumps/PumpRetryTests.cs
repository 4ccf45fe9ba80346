using StackExchange.Redis;
using StreamML.Core.Generator;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;
using StreamML.Storage;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>
/// A pump's batch whose state write fails: transiently, it is retried past the old eight-attempt limit and applied once;
/// permanently, it is dead-lettered with its reason. Entity state lives in Orleans' Redis grain storage on a real redis-server.
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
    public async Task Pump_StateWriteFailsPermanently_DeadLettersTheGroupsEventsWithTheReason()
    {
        var (reference, target) = await TargetAsync();
        await using var platform = await StartAsync(
            target,
            () => new InvalidOperationException("injected: state refused"),
            storage => storage.FailAlways = true);

        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        // Every record of the group goes to dead-letter: its events and the labels that follow them.
        var (events, labels) = await RecordsOfGroupAsync(target);
        var page = await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, Events * 2);
        Assert.Equal(events + labels, page.Total);
        Assert.All(page.Items, letter =>
        {
            Assert.Equal(PlatformInstruments.ProcessingFailedReason, letter.Reason);
            Assert.Contains("InvalidOperationException: injected: state refused", letter.Message, StringComparison.Ordinal);
            Assert.Equal(target, EntityGroups.GroupOf(letter.Entity!, Groups));
        });
        Assert.Equal(events, page.Items.Where(l => l.Message.StartsWith("event:", StringComparison.Ordinal)).Select(l => l.EventId).Distinct().Count());
        Assert.Equal(labels, page.Items.Count(l => l.Message.StartsWith("label:", StringComparison.Ordinal)));
        Assert.True(platform.AllSilos<PlatformInstruments>().Sum(i => i.CallRetryTotal) > 0);

        // The other groups are untouched by the failing one.
        foreach (var (entity, count) in reference.Where(kv => EntityGroups.GroupOf(kv.Key, Groups) != target))
        {
            var snapshot = await platform.Grains.GetGrain<IEntityGroupGrain>(EntityGroups.GroupOf(entity, Groups)).GetAsync(entity);
            Assert.Equal(count, snapshot.Events);
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

    private static async Task<(int Events, int Labels)> RecordsOfGroupAsync(long group)
    {
        int events = 0, labels = 0;
        await foreach (var r in GeneratorRecords.ReadAllAsync(Workload))
        {
            if (r.Event is { } e && EntityGroups.GroupOf(e.Entity, Groups) == group)
            {
                events++;
            }
            else if (r.Label is { } l && EntityGroups.GroupOf(l.Entity, Groups) == group)
            {
                labels++;
            }
        }

        return (events, labels);
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
