using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Grains.Services;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>The HTTP API's bounds on what one caller can make the platform keep: dead letters, reasons, unknown models.</summary>
[Trait("Category", "Functional")]
public sealed class InputLimitTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<int> DriftMonitorActivationsAsync(SiloHost silo)
    {
        var statistics = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("DriftMonitorGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    [Fact]
    public async Task PostEvents_TenThousandInvalidItems_StoresTheFirstHundredAndOneSummary()
    {
        await using var silo = await SiloHost.StartAsync();
        var items = Enumerable.Range(0, 10_000).Select(i => i % 10 == 0 ? "7" : $"{{\"id\":\"x{i}\",\"features\":{{}}}}");

        var response = await silo.Http.PostAsync("v1/events", Json($"[{string.Join(',', items)}]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.Equal(10_000, body.GetProperty("rejected").GetInt32());
        Assert.Equal(10_000, body.GetProperty("errors").GetArrayLength());

        await silo.Services.GetRequiredService<DeadLetterSink>().FlushAsync();
        var page = await ReadAsync(await silo.Http.GetAsync("v1/deadletters?limit=1000"));
        var letters = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(101, letters.Count);
        Assert.All(letters.Take(100), l => Assert.NotEqual(DeadLetterSink.OmittedReason, l.GetProperty("reason").GetString()));
        var summary = letters[^1];
        Assert.Equal(DeadLetterSink.OmittedReason, summary.GetProperty("reason").GetString());
        Assert.Equal("9900 more invalid items of this request were not stored (the first 100 were): MissingEntity 8910, MalformedPayload 990", summary.GetProperty("message").GetString());
        Assert.Equal(1, page.GetProperty("byReason").GetProperty(DeadLetterSink.OmittedReason).GetInt64());
    }

    [Fact]
    public async Task PostEvents_HugeFields_DeadLetterKeepsBoundedText()
    {
        await using var silo = await SiloHost.StartAsync();
        var entity = new string('e', 20_000);
        var id = new string('i', 20_000);
        var feature = new string('f', 20_000);

        var tooLong = $"{{\"id\":\"{id}\",\"entity\":\"{entity}\",\"features\":{{}}}}";
        var unknownFeature = $"{{\"entity\":\"m-1\",\"features\":{{\"{feature}\":1}}}}";

        var response = await silo.Http.PostAsync("v1/events", Json($"[{tooLong},{unknownFeature}]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await silo.Services.GetRequiredService<DeadLetterSink>().FlushAsync();
        var letters = (await ReadAsync(await silo.Http.GetAsync("v1/deadletters"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["EntityTooLong", "UnknownFeature"], letters.Select(l => l.GetProperty("reason").GetString()));
        Assert.Equal(DeadLetterSink.MaxFieldChars, letters[0].GetProperty("entity").GetString()!.Length);
        Assert.Equal(DeadLetterSink.MaxFieldChars, letters[0].GetProperty("eventId").GetString()!.Length);
        Assert.Equal(DeadLetterSink.MaxPayloadChars, letters[0].GetProperty("payload").GetString()!.Length);
        Assert.Equal(DeadLetterSink.MaxMessageChars, letters[1].GetProperty("message").GetString()!.Length);
    }

    [Theory]
    [InlineData("promote", HttpStatusCode.Conflict)]
    [InlineData("rollback", HttpStatusCode.Conflict)]
    [InlineData("retrain", HttpStatusCode.Accepted)]
    public async Task ModelAction_ReasonOverTheLimit_IsRefusedAndAtTheLimitGoesThrough(string action, HttpStatusCode atLimit)
    {
        await using var silo = await SiloHost.StartAsync();

        var tooLong = await silo.Http.PostAsync($"v1/models/default/{action}", Json($"{{\"reason\":\"{new string('r', 501)}\"}}"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("more than the limit of 500", (await ReadAsync(tooLong)).GetProperty("error").GetString(), StringComparison.Ordinal);

        var longest = await silo.Http.PostAsync($"v1/models/default/{action}", Json($"{{\"reason\":\"{new string('r', 500)}\"}}"));
        Assert.Equal(atLimit, longest.StatusCode);
    }

    [Fact]
    public async Task GetDrift_UnknownModel_IsNotFoundAndActivatesNoMonitor()
    {
        await using var silo = await SiloHost.StartAsync();

        var unknown = await silo.Http.GetAsync("v1/drift?model=no-such-model");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no-such-model", (await ReadAsync(unknown)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await DriftMonitorActivationsAsync(silo));
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("v1/drift?model=default")).StatusCode);
        Assert.Equal(1, await DriftMonitorActivationsAsync(silo));
    }
}
