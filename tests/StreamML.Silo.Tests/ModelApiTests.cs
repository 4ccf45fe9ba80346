using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Client;
using StreamML.Contracts;
using StreamML.Grains.Services;
using StreamML.Testing.Models;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

[Trait("Category", "Functional")]
public sealed class ModelApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Rollout_StartShowPromoteRollback_OverHttp()
    {
        await using var silo = await SiloHost.StartAsync();
        var model = await TestModels.RegisterAsync(silo.Services, count: 2);

        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("v1/models/nope")).StatusCode);
        var bad = await silo.Http.PutAsync($"v1/models/{model}/rollout", Json("{\"version\":2,\"mode\":\"sideways\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("sideways", (await ReadAsync(bad)).GetProperty("error").GetString(), StringComparison.Ordinal);
        var badSteps = await silo.Http.PutAsync($"v1/models/{model}/rollout", Json("{\"version\":2,\"steps\":[50,10]}"));
        Assert.Equal(HttpStatusCode.BadRequest, badSteps.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await silo.Http.PutAsync($"v1/models/{model}/rollout", Json("{\"version\":9}"))).StatusCode);
        var badP99 = await silo.Http.PutAsync($"v1/models/{model}/rollout", Json("{\"version\":2,\"maxP99Ms\":-1}"));
        Assert.Equal(HttpStatusCode.BadRequest, badP99.StatusCode);
        Assert.Contains("maxP99Ms", (await ReadAsync(badP99)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await silo.Http.PutAsync($"v1/models/{model}/rollout", Json("{\"version\":2,\"maxLatencyRatio\":0.5}"))).StatusCode);

        var started = await silo.Http.PutAsync($"v1/models/{model}/rollout", Json("{\"version\":2,\"steps\":[10,100],\"margin\":0.05,\"metric\":\"log_loss\"}"));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var rollout = await ReadAsync(started);
        Assert.Equal("running", rollout.GetProperty("state").GetString());
        Assert.Equal(10, rollout.GetProperty("percent").GetDouble());
        Assert.Equal("log_loss", rollout.GetProperty("metric").GetString());
        Assert.Equal(1.5, rollout.GetProperty("maxLatencyRatio").GetDouble());

        // Score a few events, label them (one label matches nothing), report: the model shows live figures and label outcomes.
        await silo.Services.GetRequiredService<ModelRouter>().RefreshAsync();
        var events = string.Join(",", Enumerable.Range(0, 40).Select(i => $"{{\"id\":\"a{i}\",\"entity\":\"m-{i}\",\"features\":{{\"power\":{i},\"voltage\":230,\"temperature\":20,\"load\":0.5}}}}"));
        var scored = await ReadAsync(await silo.Http.PostAsync("v1/score", Json($"[{events}]")));
        Assert.Equal(40, scored.GetProperty("predictions").GetArrayLength());
        var labels = string.Join(",", Enumerable.Range(0, 40).Select(i => $"{{\"id\":\"a{i}\",\"entity\":\"m-{i}\",\"label\":{i % 2}}}"));
        var labelled = await ReadAsync(await silo.Http.PostAsync("v1/labels", Json($"[{labels},{{\"id\":\"zz\",\"entity\":\"m-0\",\"label\":1}}]")));
        Assert.Equal(40, labelled.GetProperty("matched").GetInt32());
        await silo.Services.GetRequiredService<MetricsAggregator>().FlushAsync();

        var shown = await ReadAsync(await silo.Http.GetAsync($"v1/models/{model}"));
        Assert.Equal(2, shown.GetProperty("routing").GetProperty("challenger").GetInt32());
        Assert.Equal(10, shown.GetProperty("routing").GetProperty("canaryPercent").GetDouble());
        var versions = shown.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["champion", "canary"], versions.Select(v => v.GetProperty("status").GetString()));
        var served = versions.Sum(v => v.GetProperty("live").TryGetProperty("count", out var c) ? c.GetDouble() : 0);
        Assert.Equal(40, served);
        Assert.True(versions[0].GetProperty("live").TryGetProperty("accuracy", out _));
        Assert.Equal(40, shown.GetProperty("labels").GetProperty("matched").GetInt64());
        Assert.Equal(1, shown.GetProperty("labels").GetProperty("unmatched").GetInt64());
        var audit = shown.GetProperty("rollout").GetProperty("audit").EnumerateArray().ToList();
        Assert.Equal(("start", "api"), (audit[0].GetProperty("action").GetString(), audit[0].GetProperty("actor").GetString()));

        var promoted = await silo.Http.PostAsync($"v1/models/{model}/promote", Json("{\"reason\":\"looks good\"}"));
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal("promoted", (await ReadAsync(promoted)).GetProperty("state").GetString());
        Assert.Equal(2, (await ReadAsync(await silo.Http.GetAsync($"v1/models/{model}"))).GetProperty("routing").GetProperty("champion").GetInt32());

        Assert.Equal(HttpStatusCode.Conflict, (await silo.Http.PostAsync($"v1/models/{model}/promote", null)).StatusCode);
        var rolledBack = await silo.Http.PostAsync($"v1/models/{model}/rollback", null);
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        var last = (await ReadAsync(rolledBack)).GetProperty("audit").EnumerateArray().Last();
        Assert.Equal(("rollback", 2, 1), (last.GetProperty("action").GetString(), last.GetProperty("fromVersion").GetInt32(), last.GetProperty("toVersion").GetInt32()));
        var again = await silo.Http.PostAsync($"v1/models/{model}/rollback", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("no challenger", (await ReadAsync(again)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_KnownModel_StartsARunAndUnknownIsNotFound()
    {
        await using var silo = await SiloHost.StartAsync();
        var name = (await ReadAsync(await silo.Http.GetAsync("v1/models"))).EnumerateArray().First().GetProperty("name").GetString()!;

        var response = await silo.Http.PostAsync($"v1/models/{name}/retrain", Json("{\"reason\":\"manual\"}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.True(body.GetProperty("started").GetBoolean());
        Assert.Equal("manual", body.GetProperty("status").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.PostAsync("v1/models/nope/retrain", null)).StatusCode);
    }

    [Fact]
    public async Task CancelRetrain_NoRunUnderWay_IsAConflictAndUnknownIsNotFound()
    {
        await using var silo = await SiloHost.StartAsync();
        var name = (await ReadAsync(await silo.Http.GetAsync("v1/models"))).EnumerateArray().First().GetProperty("name").GetString()!;

        var response = await silo.Http.DeleteAsync($"v1/models/{name}/retrain");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.False(body.GetProperty("cancelled").GetBoolean());
        Assert.Contains("no training run", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.DeleteAsync("v1/models/nope/retrain")).StatusCode);
    }

    [Fact]
    public async Task Client_RolloutCalls_TypedAndRefusalsCarryTheReason()
    {
        await using var silo = await SiloHost.StartAsync();
        var model = await TestModels.RegisterAsync(silo.Services, count: 2);
        using var client = StreamMLClient.Create(silo.Address, maxRetries: 0);

        var rollout = await client.StartRolloutAsync(model, new RolloutRequestDto { Version = 2, Mode = "shadow", MaxLatencyRatio = 0, MaxP99Ms = 25 });
        Assert.Equal(("running", "shadow", 2), (rollout.State, rollout.Mode, rollout.Version));
        Assert.Equal((null, 25.0), (rollout.MaxLatencyRatio, rollout.MaxP99Ms));
        var shown = await client.GetModelAsync(model);
        Assert.NotNull(shown);
        Assert.True(shown.Routing.Shadow);
        Assert.Equal("shadow", shown.Versions.Single(v => v.Version == 2).Status);
        Assert.Single(await client.ListModelsAsync());
        Assert.Null(await client.GetModelAsync("nope"));

        var back = await client.RollbackAsync(model, "not needed");
        Assert.Equal("rolled_back", back.State);
        Assert.Equal("not needed", back.Audit[^1].Reason);
        var refused = await Assert.ThrowsAsync<StreamMLClientException>(() => client.PromoteAsync(model));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("no rollout under way", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("{", refused.Message, StringComparison.Ordinal);
    }
}
