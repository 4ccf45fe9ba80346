using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamML.Core.Privacy;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;
using StreamML.Transports.RedisStreams;

namespace StreamML.Silo.Tests;

/// <summary>
/// Personal data end to end: a pseudonymised platform keeps no raw id anywhere it writes, and erasure leaves nothing of an
/// entity in storage. Both read every file of the data directory (entity state, examples, dead letters, checkpoints,
/// models) as bytes, and the pseudonymised run also every line it logged.
/// </summary>
[Trait("Category", "Functional")]
public sealed class PrivacyTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Features = "\"power\":1000,\"voltage\":230,\"temperature\":20,\"load\":0.5";
    private static readonly string Key = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + 1))]);

    private static string Event(string id, string entity, string more = "") =>
        $"{{\"id\":\"{id}\",\"entity\":\"{entity}\"{more},\"features\":{{{Features}}}}}";

    private static string Label(string id, string entity) => $"{{\"id\":\"{id}\",\"entity\":\"{entity}\",\"label\":1}}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Pseudonymise_SourceAndApi_NoRawIdInDataOrLogs()
    {
        var prefix = "privacy-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        await using var silo = await SiloHost.StartAsync(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
            },
            "Logging:LogLevel:Default=Debug",
            "Logging:LogLevel:Microsoft.AspNetCore=Trace",
            "Logging:LogLevel:Orleans=Debug",
            "StreamML:Source=RedisStreams",
            $"StreamML:Sources:RedisStreams:ConnectionString={redis.ConnectionString}",
            "StreamML:Sources:RedisStreams:Partitions=2",
            $"StreamML:Sources:RedisStreams:KeyPrefix={prefix}",
            "StreamML:Privacy:Pseudonymise=true",
            $"StreamML:Privacy:Key={Key}",
            "StreamML:Privacy:Fields:0=id",
            "StreamML:Privacy:Fields:1=email");
        var pseudonymiser = silo.Services.GetRequiredService<Pseudonymiser>();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var producer = new RedisStreamsProducer(connection, new RedisStreamsOptions { ConnectionString = redis.ConnectionString, Partitions = 2, KeyPrefix = prefix });

        // Through the source: events, their labels, then one more event whose prediction says the labels before it were applied;
        // a record that is JSON but invalid, and one that is not JSON at all.
        string[] raw = ["alice-7301", "evt-alice-1", "evt-alice-2", "evt-alice-3", "alice@example.org", "bob-7302", "evt-bob-bad", "bob@example.org",
                        "carol-7303", "evt-carol-1", "evt-carol-2", "dave-7304", "dave@example.org", "erin-7305", "evt-erin-1"];
        await producer.AppendAsync("alice-7301", Encoding.UTF8.GetBytes(Event("evt-alice-1", "alice-7301", ",\"email\":\"alice@example.org\"")));
        await producer.AppendAsync("alice-7301", Encoding.UTF8.GetBytes(Event("evt-alice-2", "alice-7301")));
        await producer.AppendAsync("alice-7301", Encoding.UTF8.GetBytes(Label("evt-alice-1", "alice-7301")), isLabel: true);
        await producer.AppendAsync("alice-7301", Encoding.UTF8.GetBytes(Label("evt-alice-2", "alice-7301")), isLabel: true);
        await producer.AppendAsync("bob-7302", Encoding.UTF8.GetBytes("{\"id\":\"evt-bob-bad\",\"entity\":\"bob-7302\",\"email\":\"bob@example.org\",\"features\":{\"power\":\"oops\"}}"));
        await producer.AppendAsync("bob-7302", Encoding.UTF8.GetBytes("bob-7302 evt-bob-bad bob@example.org is not JSON"));
        await producer.AppendAsync("alice-7301", Encoding.UTF8.GetBytes(Event("evt-alice-3", "alice-7301")));

        // Through the HTTP API: events with a refused item, their labels, a score, and the entity read back by its raw id.
        var posted = await silo.Http.PostAsync("v1/events", Json(
            $"[{Event("evt-carol-1", "carol-7303")},{Event("evt-carol-2", "carol-7303")},{{\"id\":\"x\",\"entity\":\"dave-7304\",\"email\":\"dave@example.org\",\"features\":{{\"power\":\"no\"}}}}]"));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        var carol = pseudonymiser.Pseudonymise("carol-7303");
        await silo.Predictions.WaitForEntityAsync(carol, 2, TimeSpan.FromSeconds(30));
        var labelled = await silo.Http.PostAsync("v1/labels", Json($"[{Label("evt-carol-1", "carol-7303")},{Label("evt-carol-2", "carol-7303")}]"));
        Assert.Equal(2, (await ReadAsync(labelled)).GetProperty("matched").GetInt32());
        var scored = await ReadAsync(await silo.Http.PostAsync("v1/score", Json($"[{Event("evt-erin-1", "erin-7305")}]")));
        var prediction = Assert.Single(scored.GetProperty("predictions").EnumerateArray());
        Assert.Equal(pseudonymiser.Pseudonymise("erin-7305"), prediction.GetProperty("entity").GetString());
        Assert.Equal(pseudonymiser.Pseudonymise("evt-erin-1"), prediction.GetProperty("eventId").GetString());
        var entity = await ReadAsync(await silo.Http.GetAsync("v1/entities/carol-7303"));
        Assert.Equal(carol, entity.GetProperty("entity").GetString());

        var alice = pseudonymiser.Pseudonymise("alice-7301");
        await silo.Predictions.WaitForEntityAsync(alice, 3, TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(silo.Predictions.All, p => raw.Contains(p.Entity) || raw.Contains(p.EventId));
        await silo.Services.GetRequiredService<ExampleSink>().FlushAsync();
        await silo.Services.GetRequiredService<DeadLetterSink>().FlushAsync();
        var letters = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 100);
        Assert.Equal(3, letters.Items.Length);
        Assert.Contains(letters.Items, l => l.Entity == pseudonymiser.Pseudonymise("bob-7302") && l.Payload is not null);
        Assert.Contains(letters.Items, l => l.Payload is null);

        // Stopping deactivates every grain, which writes what it holds.
        await silo.App.StopAsync();
        var found = StorageScan.Find(silo.DataDirectory, [.. raw, carol, alice]);
        foreach (var id in raw)
        {
            Assert.False(found.ContainsKey(id), $"'{id}' is in {string.Join(", ", found.GetValueOrDefault(id) ?? [])}");
            Assert.DoesNotContain(logs.Lines, line => line.Contains(id, StringComparison.Ordinal));
        }

        // The scan reads the files the pseudonyms went to, and the logs were captured.
        Assert.True(found.ContainsKey(carol) && found.ContainsKey(alice), "the stored state holds no pseudonym: the scan read nothing");
        Assert.NotEmpty(logs.Lines);
    }

    [Fact]
    public async Task DeleteEntity_ErasesStateExamplesAndDeadLetters_NothingOfItRemainsInStorage()
    {
        await using var silo = await SiloHost.StartAsync();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        string[] events = [.. Enumerable.Range(1, 3).SelectMany(i => new[] { Event($"gone-{i}", "erase-me-4711"), Event($"kept-{i}", "keep-me-0815") })];
        var refused = "{\"id\":\"gone-bad\",\"entity\":\"erase-me-4711\",\"features\":{\"power\":\"no\"}}";
        Assert.Equal(HttpStatusCode.BadRequest, (await silo.Http.PostAsync("v1/events", Json($"[{string.Join(',', events)},{refused}]"))).StatusCode);
        await silo.Predictions.WaitForEntityAsync("erase-me-4711", 3, TimeSpan.FromSeconds(30));
        await silo.Predictions.WaitForEntityAsync("keep-me-0815", 3, TimeSpan.FromSeconds(30));
        var labels = Enumerable.Range(1, 3).SelectMany(i => new[] { Label($"gone-{i}", "erase-me-4711"), Label($"kept-{i}", "keep-me-0815") });
        Assert.Equal(6, (await ReadAsync(await silo.Http.PostAsync("v1/labels", Json($"[{string.Join(',', labels)}]")))).GetProperty("matched").GetInt32());

        // Everything of both entities is in storage before the erasure: state, examples (by entity key), dead letters.
        await silo.Services.GetRequiredService<ExampleSink>().FlushAsync();
        await silo.Services.GetRequiredService<DeadLetterSink>().FlushAsync();
        var context = silo.Services.GetRequiredService<PlatformContext>();
        var store = grains.GetGrain<ILabelledExampleGrain>(context.ModelName);
        await store.FlushAsync();
        foreach (var name in new[] { "erase-me-4711", "keep-me-0815" })
        {
            Assert.True(await grains.For(name, context.Entity.Groups).FlushIfAsync(Guid.Empty));
        }

        var erasedKey = Core.Hashing.EntityHash.Hash64("erase-me-4711");
        Assert.Equal(3, (await store.GetNewestAsync(100)).Count(e => e.EntityKey == erasedKey));
        Assert.Contains((await grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 100)).Items, l => l.Entity == "erase-me-4711");
        Assert.True(StorageScan.Find(silo.DataDirectory, ["erase-me-4711"]).ContainsKey("erase-me-4711"));

        Assert.Equal(HttpStatusCode.NoContent, (await silo.Http.DeleteAsync("v1/entities/erase-me-4711")).StatusCode);

        // Confirmed before the answer: the files hold nothing of the entity now, while the other one is untouched.
        var found = StorageScan.Find(silo.DataDirectory, ["erase-me-4711", "gone-1", "gone-bad", "keep-me-0815"]);
        Assert.Equal(["keep-me-0815"], found.Keys);
        var examples = await store.GetNewestAsync(100);
        Assert.DoesNotContain(examples, e => e.EntityKey == erasedKey);
        Assert.Equal(3, examples.Count(e => e.EntityKey == Core.Hashing.EntityHash.Hash64("keep-me-0815")));
        Assert.Empty((await grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 100)).Items);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("v1/entities/erase-me-4711")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.DeleteAsync("v1/entities/erase-me-4711")).StatusCode);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
