using Microsoft.Extensions.Time.Testing;
using StreamML.Core.Generator;
using StreamML.Core.Hashing;
using StreamML.Core.Sources;

namespace StreamML.Core.Tests.Generator;

[Trait("Category", "BVT")]
public sealed class GeneratorSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static GeneratorOptions Options(long? maxEvents = 4_000, double rate = 0) => new()
    {
        Entities = 300,
        Partitions = 3,
        EventsPerSecond = rate,
        NominalEventsPerSecond = 100,
        MaxEvents = maxEvents,
        StartTime = Start,
        LabelDelay = TimeSpan.FromSeconds(2),
    };

    private static async Task<List<SourceRecord>> ReadAllAsync(IEventSource source, int partition, long? after = null)
    {
        await using var reader = await source.OpenAsync(partition, after);
        var all = new List<SourceRecord>();
        var buffer = new SourceRecord[97];
        for (var guard = 0; guard < 100_000; guard++)
        {
            var n = await reader.ReadAsync(buffer);
            if (n < 0)
            {
                return all;
            }

            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        throw new InvalidOperationException("the partition never ended");
    }

    [Fact]
    public async Task Read_SameSeed_GivesIdenticalRecords()
    {
        var a = await ReadAllAsync(new GeneratorSource(Options(), TimeProvider.System), 1);
        var b = await ReadAllAsync(new GeneratorSource(Options(), TimeProvider.System), 1);

        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Offset, b[i].Offset);
            Assert.Equal(a[i].Event?.Id, b[i].Event?.Id);
            Assert.Equal(a[i].Event?.Entity, b[i].Event?.Entity);
            Assert.Equal(a[i].Event?.Values, b[i].Event?.Values);
            Assert.Equal(a[i].Label?.EventId, b[i].Label?.EventId);
            Assert.Equal(a[i].Label?.Label, b[i].Label?.Label);
        }
    }

    [Fact]
    public async Task Read_EveryPartition_ProducesExactlyMaxEventsAndOneLabelEach()
    {
        var source = new GeneratorSource(Options(maxEvents: 4_001), TimeProvider.System);
        var events = 0;
        foreach (var p in await source.GetPartitionsAsync())
        {
            var records = await ReadAllAsync(source, p);
            Assert.Equal(Enumerable.Range(0, records.Count).Select(i => (long)i), records.Select(r => r.Offset));
            var partitionEvents = records.Where(r => r.Event is not null).Select(r => r.Event!).ToList();
            var labels = records.Where(r => r.Label is not null).Select(r => r.Label!).ToList();
            Assert.Equal(source.EventsIn(p), partitionEvents.Count);
            Assert.Equal(partitionEvents.Select(e => e.Id).Order(), labels.Select(l => l.EventId).Order());
            Assert.All(partitionEvents, e => Assert.Equal(p, EntityHash.Partition(e.Entity, 3)));
            Assert.All(records, r => Assert.False(r.NotFromLog, "generated records are a log: their offsets identify replays"));
            events += partitionEvents.Count;
        }

        Assert.Equal(4_001, events);
    }

    [Fact]
    public async Task Read_LabelsComeOnceTheEventClockReachesTheirDelay()
    {
        var records = await ReadAllAsync(new GeneratorSource(Options(), TimeProvider.System), 0);
        var position = new Dictionary<string, int>();
        var eventTime = new Dictionary<string, long>();
        var delay = TimeSpan.FromSeconds(2).Ticks;
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Event is { } e)
            {
                eventTime[e.Id] = e.TimeTicks;
                position[e.Id] = i;
            }
        }

        var labelsSeen = new HashSet<string>();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Label is { } l)
            {
                Assert.True(position[l.EventId] < i, "a label came before its event");
                Assert.Equal(eventTime[l.EventId] + delay, l.TimeTicks);
                var nextEvent = records.Skip(i + 1).FirstOrDefault(r => r.Event is not null).Event;
                Assert.True(nextEvent is null || nextEvent.TimeTicks >= l.TimeTicks, "a label was released early");
                labelsSeen.Add(l.EventId);
            }
            else
            {
                // Every label already due by this event's time was released before it.
                var t = records[i].Event!.TimeTicks;
                var overdue = eventTime.Where(kv => position[kv.Key] < i && kv.Value + delay <= t && !labelsSeen.Contains(kv.Key));
                Assert.Empty(overdue);
            }
        }
    }

    [Fact]
    public async Task Open_AfterOffset_ResumesWithTheSameTail()
    {
        var source = new GeneratorSource(Options(), TimeProvider.System);
        var full = await ReadAllAsync(source, 2);
        var tail = await ReadAllAsync(source, 2, after: 1_000);

        Assert.Equal(full.Count - 1_001, tail.Count);
        Assert.Equal(1_001, tail[0].Offset);
        Assert.Equal(full.Skip(1_001).Select(r => r.Event?.Id ?? r.Label!.EventId), tail.Select(r => r.Event?.Id ?? r.Label!.EventId));
    }

    [Fact]
    public async Task Read_RealTime_PacesEventsByTheClock()
    {
        var clock = new FakeTimeProvider(Start);
        var source = new GeneratorSource(Options(maxEvents: null, rate: 300), clock);
        await using var reader = await source.OpenAsync(0, null);
        var buffer = new SourceRecord[1_000];

        var first = await reader.ReadAsync(buffer);
        Assert.Equal(1, first);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await reader.ReadAsync(buffer);

        // 300 events/s over 3 partitions: 100 more events due after one second (labels are 2 s behind, so none yet).
        Assert.Equal(100, second);
        Assert.All(buffer.AsSpan(0, second).ToArray(), r => Assert.NotNull(r.Event));
    }

    [Fact]
    public async Task Read_ConceptDrift_ReversesTheFaultRelation()
    {
        var options = Options(maxEvents: 60_000);
        options.Entities = 50;
        options.Partitions = 1;
        options.Drifts = [new DriftInjection { Kind = DriftInjectionKind.Concept, At = TimeSpan.FromSeconds(300) }];
        var records = await ReadAllAsync(new GeneratorSource(options, TimeProvider.System), 0);
        var labels = records.Where(r => r.Label is not null).ToDictionary(r => r.Label!.EventId, r => r.Label!.Label);
        var events = records.Where(r => r.Event is not null).Select(r => r.Event!).ToList();

        // Before the change, spikes (power far above normal) mostly fault; after it, they mostly do not.
        double FaultRateOfHighPower(IEnumerable<Core.Events.StreamEvent> es)
        {
            var byEntity = events.GroupBy(e => e.Entity).ToDictionary(g => g.Key, g => g.Select(e => e.Values[0]).Order().ElementAt(g.Count() / 2));
            var high = es.Where(e => e.Values[0] > 1.4 * byEntity[e.Entity]).ToList();
            return high.Average(e => labels[e.Id]);
        }

        var cut = Start.UtcTicks + TimeSpan.FromSeconds(300).Ticks;
        var before = FaultRateOfHighPower(events.Where(e => e.TimeTicks < cut));
        var after = FaultRateOfHighPower(events.Where(e => e.TimeTicks >= cut));
        Assert.True(before > 0.8, $"before {before}");
        Assert.True(after < 0.2, $"after {after}");
    }

    [Fact]
    public async Task Read_DataDrift_ShiftsTemperature()
    {
        var options = Options(maxEvents: 20_000);
        options.Partitions = 1;
        options.Drifts = [new DriftInjection { Kind = DriftInjectionKind.Data, At = TimeSpan.FromSeconds(100), Magnitude = 2 }];
        var events = (await ReadAllAsync(new GeneratorSource(options, TimeProvider.System), 0)).Where(r => r.Event is not null).Select(r => r.Event!).ToList();
        var cut = Start.UtcTicks + TimeSpan.FromSeconds(100).Ticks;
        var before = events.Where(e => e.TimeTicks < cut).Average(e => e.Values[2]);
        var after = events.Where(e => e.TimeTicks >= cut).Average(e => e.Values[2]);

        // Magnitude 2 moves temperature by 4 degrees per unit: about +8.
        Assert.InRange(after - before, 7, 9);
    }

    [Fact]
    public void Create_InvalidOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GeneratorSource(
            new GeneratorOptions { Entities = 0, Partitions = 0, LabelFraction = 2 }, TimeProvider.System));
        Assert.Contains("Entities", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Partitions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LabelFraction", ex.Message, StringComparison.Ordinal);
    }
}
