using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Grains.Services;
using StreamML.Silo.Hosting;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

[Trait("Category", "Functional")]
public sealed class HttpApiTests
{
    private static string Event(string id, string entity, string features = "\"power\":1000,\"voltage\":230,\"temperature\":20,\"load\":0.5") =>
        $"{{\"id\":\"{id}\",\"entity\":\"{entity}\",\"features\":{{{features}}}}}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Events accepted over HTTP are applied behind the response; each is scored once as it is.</summary>
    private static async Task<JsonElement> WaitForEntityAsync(SiloHost silo, string entity, int events)
    {
        await silo.Predictions.WaitForEntityAsync(entity, events, TimeSpan.FromSeconds(30));
        var response = await silo.Http.GetAsync($"v1/entities/{entity}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.True(body.GetProperty("events").GetInt64() >= events, $"entity {entity} has not reached {events} events");
        return body;
    }

    [Fact]
    public async Task PostEvents_MixedBatch_AcceptsTheGoodAndNamesEachBadOne()
    {
        await using var silo = await SiloHost.StartAsync();
        var body = $"[{Event("e1", "m-1")},{Event("e2", "m-1")},{Event("e3", "m-2")}," +
                   $"{Event("e4", "m-3", "\"power\":1,\"voltage\":2,\"temperature\":3,\"load\":4,\"pressure\":5")}," +
                   "{\"id\":\"e5\",\"features\":{\"power\":1}}]";

        var response = await silo.Http.PostAsync("v1/events", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await ReadAsync(response);
        Assert.Equal(3, result.GetProperty("accepted").GetInt32());
        Assert.Equal(2, result.GetProperty("rejected").GetInt32());
        var errors = result.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3, 4], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal("UnknownFeature", errors[0].GetProperty("reason").GetString());
        Assert.Equal("MissingEntity", errors[1].GetProperty("reason").GetString());

        var entity = await WaitForEntityAsync(silo, "m-1", 2);
        Assert.Equal(2, entity.GetProperty("events").GetInt64());
        Assert.True(entity.GetProperty("lastPrediction").GetProperty("fallback").GetBoolean());

        // Both refused items are in the dead-letter store with their reasons: queued before the answer, delivered by the flush.
        await silo.Services.GetRequiredService<DeadLetterSink>().FlushAsync();
        var letters = await ReadAsync(await silo.Http.GetAsync("v1/deadletters"));
        var items = letters.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["UnknownFeature", "MissingEntity"], items.Select(i => i.GetProperty("reason").GetString()));
        Assert.All(items, i => Assert.Equal("http", i.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task PostEvents_QueueFull_Answers429AndTakesNothing()
    {
        await using var silo = await SiloHost.StartAsync("StreamML:HttpQueueCapacity=5");
        var six = "[" + string.Join(",", Enumerable.Range(0, 6).Select(i => Event($"q{i}", "m-q"))) + "]";
        var five = "[" + string.Join(",", Enumerable.Range(0, 5).Select(i => Event($"r{i}", "m-r"))) + "]";

        var refused = await silo.Http.PostAsync("v1/events", Json(six));
        var accepted = await silo.Http.PostAsync("v1/events", Json(five));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(5, (await ReadAsync(accepted)).GetProperty("accepted").GetInt32());
        await WaitForEntityAsync(silo, "m-r", 5);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("v1/entities/m-q")).StatusCode);
    }

    [Fact]
    public async Task PostScore_NoModelYet_ReturnsMarkedFallbacksAndLabelsJoin()
    {
        await using var silo = await SiloHost.StartAsync();

        var response = await silo.Http.PostAsync("v1/score", Json($"[{Event("s1", "m-s")},{Event("s2", "m-s")}]"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await ReadAsync(response)).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(["s1", "s2"], predictions.Select(p => p.GetProperty("eventId").GetString()));
        Assert.All(predictions, p =>
        {
            Assert.True(p.GetProperty("fallback").GetBoolean());
            Assert.Equal(0, p.GetProperty("version").GetInt32());
            Assert.Equal("fallback", p.GetProperty("route").GetString());
            Assert.Equal(0.5, p.GetProperty("probability").GetDouble());
            Assert.False(p.TryGetProperty("score", out _), "a fallback has no score, not a zero");
            Assert.False(p.TryGetProperty("anomalyScore", out _), "a new entity has no anomaly score yet, not a zero");
        });

        var labels = await silo.Http.PostAsync("v1/labels", Json("[{\"id\":\"s1\",\"entity\":\"m-s\",\"label\":1},{\"id\":\"nope\",\"entity\":\"m-s\",\"label\":0}]"));
        var joined = await ReadAsync(labels);
        Assert.Equal(HttpStatusCode.OK, labels.StatusCode);
        Assert.Equal(1, joined.GetProperty("matched").GetInt32());
        Assert.Equal(1, joined.GetProperty("unmatched").GetInt32());
    }

    [Fact]
    public async Task Score_EntityWithHistory_ReturnsItsAnomalyScore()
    {
        await using var silo = await SiloHost.StartAsync();
        var usual = string.Join(",", Enumerable.Range(0, 30).Select(i =>
            Event("a" + i, "m-a", $"\"power\":{1000 + (i % 7)},\"voltage\":{230 + (i % 3)},\"temperature\":{20 + (i % 5)},\"load\":0.5")));
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PostAsync("v1/score", Json($"[{usual}]"))).StatusCode);

        var response = await silo.Http.PostAsync("v1/score", Json($"[{Event("a-ok", "m-a", "\"power\":1003,\"voltage\":231,\"temperature\":22,\"load\":0.5")},{Event("a-spike", "m-a", "\"power\":9000,\"voltage\":231,\"temperature\":22,\"load\":0.5")}]"));

        var predictions = (await ReadAsync(response)).GetProperty("predictions").EnumerateArray().ToList();
        Assert.InRange(predictions[0].GetProperty("anomalyScore").GetDouble(), 0, 3.5);
        Assert.True(predictions[1].GetProperty("anomalyScore").GetDouble() > 100);
    }

    [Fact]
    public async Task Entities_GetAndDelete()
    {
        await using var silo = await SiloHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("v1/entities/never-seen")).StatusCode);
        await silo.Http.PostAsync("v1/score", Json($"[{Event("d1", "m-d")}]"));

        var entity = await ReadAsync(await silo.Http.GetAsync("v1/entities/m-d"));
        Assert.Equal(1, entity.GetProperty("events").GetInt64());
        Assert.Equal(1000, entity.GetProperty("features").GetProperty("power").GetDouble());

        Assert.Equal(HttpStatusCode.NoContent, (await silo.Http.DeleteAsync("v1/entities/m-d")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("v1/entities/m-d")).StatusCode);
    }

    [Fact]
    public async Task Requests_Malformed_AreRefusedWholeWithAReason()
    {
        await using var silo = await SiloHost.StartAsync();

        var notJson = await silo.Http.PostAsync("v1/events", Json("{not json"));
        var notArray = await silo.Http.PostAsync("v1/events", Json("{\"event\":1}"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not valid JSON", (await ReadAsync(notJson)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);
        Assert.Contains("expected a JSON array", (await ReadAsync(notArray)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthMetricsAndDashboard_AreServed()
    {
        await using var silo = await SiloHost.StartAsync();
        await silo.Http.PostAsync("v1/score", Json($"[{Event("h1", "m-h")}]"));

        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("healthz")).StatusCode);
        await silo.WhenActiveAsync(TimeSpan.FromSeconds(30));
        var ready = await silo.Http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var metrics = await silo.Http.GetStringAsync("metrics");
        Assert.Contains("streamml_predictions_total", metrics, StringComparison.Ordinal);
        Assert.Contains("streamml_inference_duration", metrics, StringComparison.Ordinal);
        Assert.Contains("process_cpu", metrics, StringComparison.Ordinal);
        var dashboard = await silo.Http.GetAsync("dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var models = await ReadAsync(await silo.Http.GetAsync("v1/models"));
        Assert.Equal("default", models[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Start_InvalidConfiguration_ListsEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<StreamMLConfigurationException>(() => SiloHost.StartAsync(
            "StreamML:Pump:ReadBatchSize=0", "StreamML:Entity:RememberPredictions=-1", "StreamML:GrainStorage=Tape"));

        Assert.Equal(3, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.Contains("ReadBatchSize", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("RememberPredictions", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("Tape", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_DurableBackendsWithoutConnections_ListsEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<StreamMLConfigurationException>(() => SiloHost.StartAsync(
            "StreamML:Source=RedisStreams", "StreamML:Checkpoints:Provider=Redis", "StreamML:GrainStorage=Redis",
            "StreamML:Clustering:Provider=Redis", "StreamML:AdvertisedAddress=not-an-ip"));

        Assert.Equal(5, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Sources:RedisStreams:ConnectionString", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Checkpoints:Redis:ConnectionString", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Storage:Redis:ConnectionString", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Clustering:Redis:ConnectionString", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("not-an-ip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_UnknownCheckpointStoreAndEventHubsWithoutHub_AreNamed()
    {
        var ex = await Assert.ThrowsAsync<StreamMLConfigurationException>(() => SiloHost.StartAsync(
            "StreamML:Source=EventHubs", "StreamML:Checkpoints:Provider=Tape"));

        Assert.Contains(ex.Problems, p => p.Contains("Tape", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Sources:EventHubs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_SourceUnreachable_AnswersNotReadyAndNamesThePartition()
    {
        var nothingThere = LoopbackPort.GetFree();
        await using var silo = await SiloHost.StartAsync(
            "StreamML:Source=RedisStreams",
            $"StreamML:Sources:RedisStreams:ConnectionString=127.0.0.1:{nothingThere},connectTimeout=200",
            "StreamML:Sources:RedisStreams:Partitions=2",
            "StreamML:Pump:InitialBackoff=00:00:00.050",
            "StreamML:Schema:Model=ready",
            "StreamML:Schema:Features:0:Name=x");

        // The pumps learn that the source is unreachable only by failing to connect to a port where nothing listens, and
        // expose no signal when their state changes: this is the one wait here that polls (bounded, 50 ms apart).
        JsonElement body = default;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var response = await silo.Http.GetAsync("readyz");
            body = await ReadAsync(response);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && body.GetProperty("problems").GetArrayLength() == 2)
            {
                break;
            }

            await Task.Delay(50);
        }

        var problems = body.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("unreachable", p, StringComparison.Ordinal));
        Assert.Contains(problems, p => p!.Contains("partition 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p!.Contains("partition 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drift_ReportedSamples_AreServedPerScope()
    {
        await using var silo = await SiloHost.StartAsync();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var rng = new Random(3);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble())];
        await grains.GetGrain<StreamML.GrainInterfaces.IDriftMonitorGrain>("default/all").ReportAsync(new StreamML.GrainInterfaces.DriftSample
        {
            Version = 1, Features = ["power"], Values = [Values(300)], Scores = Values(300), Events = 300, Segments = ["north"],
        });
        await grains.GetGrain<StreamML.GrainInterfaces.IDriftMonitorGrain>("default/north").ReportAsync(new StreamML.GrainInterfaces.DriftSample
        {
            Version = 1, Features = ["power"], Values = [Values(100)], Scores = Values(100), Events = 100,
        });

        var body = await ReadAsync(await silo.Http.GetAsync("v1/drift"));

        Assert.Equal("default", body.GetProperty("model").GetString());
        var scopes = body.GetProperty("scopes").EnumerateArray().ToList();
        Assert.Equal(["all", "north"], scopes.Select(s => s.GetProperty("scope").GetString()));
        Assert.Equal(300, scopes[0].GetProperty("events").GetInt64());
        var power = scopes[0].GetProperty("signals").EnumerateArray().Single(s => s.GetProperty("signal").GetString() == "power");
        Assert.Equal(300, power.GetProperty("referenceCount").GetInt32());
        Assert.False(power.TryGetProperty("psi", out _), "no PSI before the current window fills");
    }
}
