using System.Text.Json;
using StackExchange.Redis;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

/// <summary><c>streamml produce</c> into a real redis-server, read by a real silo, checked by <c>streamml verify</c>.</summary>
[Trait("Category", "Functional")]
public sealed class ProduceVerifyCommandTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamml-produce-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ProduceThenVerify_SiloReadingTheStreams_MatchesTheReferenceExactly()
    {
        var prefix = "cli-" + Guid.NewGuid().ToString("N");
        await using var silo = await SiloHost.StartAsync(
            "StreamML:Source=RedisStreams",
            $"StreamML:Sources:RedisStreams:ConnectionString={redis.ConnectionString}",
            $"StreamML:Sources:RedisStreams:KeyPrefix={prefix}",
            "StreamML:Sources:RedisStreams:Partitions=4",
            "StreamML:Checkpoints:Provider=Redis",
            $"StreamML:Checkpoints:Redis:ConnectionString={redis.ConnectionString}",
            "StreamML:Schema:Model=cli",
            "StreamML:Schema:Features:0:Name=x",
            "StreamML:Schema:Windows:0:Name=all",
            "StreamML:Schema:Windows:0:Kind=Session",
            "StreamML:Schema:Windows:0:Gap=3650.00:00:00",
            "StreamML:Schema:Windows:0:Aggregates=Count, Sum",
            "StreamML:Schema:Windows:0:Features:0=x");
        var reference = Path.Combine(_dir, "reference.json");

        var produced = await RunAsync("produce", "--redis", redis.Endpoint, "--prefix", prefix, "--partitions", "4", "--events", "3000", "--entities", "40", "--reference", reference);
        Assert.True(produced.Code == 0, produced.Err);
        Assert.Equal(3000, JsonDocument.Parse(produced.Out).RootElement.GetProperty("events").GetInt64());

        // The silo scores each event it applies once: with 3,000 predictions made, every event is in entity state.
        await silo.Predictions.WaitForCountAsync(3_000, TimeSpan.FromSeconds(60));
        var verified = await RunAsync("verify", "--url", silo.Address.ToString(), "--reference", reference);

        Assert.True(verified.Code == 0, verified.Out + verified.Err);
        var result = JsonDocument.Parse(verified.Out).RootElement;
        Assert.Equal(40, result.GetProperty("entities").GetInt32());
        Assert.Equal(0, result.GetProperty("lost").GetInt64());
        Assert.Equal(0, result.GetProperty("duplicated").GetInt64());
    }

    [Fact]
    public async Task Produce_SameRangeAgainAfterAPartialRun_LeavesEachEntryOnce()
    {
        var prefix = "idem-" + Guid.NewGuid().ToString("N");
        var reference = Path.Combine(_dir, "reference.json");
        string[] Args(int events) =>
            ["produce", "--redis", redis.Endpoint, "--prefix", prefix, "--partitions", "4", "--events", events.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--entities", "40", "--batch", "250", "--start", "2026-11-24T10:00:00Z", "--reference", reference];

        // A run cut short, then the whole range, then the whole range again.
        var partial = await RunAsync(Args(1_000));
        var full = await RunAsync(Args(3_000));
        var again = await RunAsync(Args(3_000));

        Assert.True(partial.Code == 0 && full.Code == 0 && again.Code == 0, partial.Err + full.Err + again.Err);
        Assert.Equal(0, JsonDocument.Parse(partial.Out).RootElement.GetProperty("already_written").GetInt64());
        Assert.Equal(1_000, JsonDocument.Parse(full.Out).RootElement.GetProperty("already_written").GetInt64());
        Assert.Equal(3_000, JsonDocument.Parse(again.Out).RootElement.GetProperty("already_written").GetInt64());
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();
        var entries = new List<StreamEntry>();
        for (var p = 0; p < 4; p++)
        {
            entries.AddRange(await database.StreamRangeAsync($"{prefix}:{p}"));
        }

        Assert.Equal(3_000, entries.Count);
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => $"{i}-0"), entries.Select(e => e.Id.ToString()).OrderBy(id => long.Parse(id[..^2], System.Globalization.CultureInfo.InvariantCulture)));

        // Each entry holds the event of its ordinal: id (i + 1)-0 carries event p-i.
        Assert.All(entries, e =>
        {
            var ordinal = long.Parse(e.Id.ToString()[..^2], System.Globalization.CultureInfo.InvariantCulture) - 1;
            var data = JsonDocument.Parse((string)e[StreamML.Transports.RecordFields.Data]!).RootElement;
            Assert.Equal($"p-{ordinal}", data.GetProperty("id").GetString());
        });

        // The reference counts each event once however many runs wrote it.
        var table = JsonSerializer.Deserialize<Dictionary<string, long[]>>(await File.ReadAllTextAsync(reference))!;
        Assert.Equal(3_000, table.Values.Sum(v => v[0]));
    }

    [Fact]
    public async Task Verify_AgainstASiloWithoutThoseEvents_ReportsThemLostAndFails()
    {
        await using var silo = await SiloHost.StartAsync();
        var reference = Path.Combine(_dir, "reference.json");
        await File.WriteAllTextAsync(reference, "{\"ent-000001\":[5,20]}");

        var (code, output, _) = await RunAsync("verify", "--url", silo.Address.ToString(), "--reference", reference);

        Assert.Equal(StreamMLCommand.RuntimeError, code);
        Assert.Equal(5, JsonDocument.Parse(output).RootElement.GetProperty("lost").GetInt64());
    }

    [Fact]
    public async Task Produce_RedisNotListening_ExitsWithOneLine()
    {
        var (code, _, error) = await RunAsync("produce", "--redis", "127.0.0.1:1,connectTimeout=200", "--events", "10", "--reference", Path.Combine(_dir, "r.json"));

        Assert.Equal(StreamMLCommand.RuntimeError, code);
        Assert.StartsWith("streamml: cannot connect to Redis", error, StringComparison.Ordinal);
    }
}
