using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

[Trait("Category", "Functional")]
public sealed class LimitsTests
{
    private static string Event(int i) => $"{{\"id\":\"l{i}\",\"entity\":\"m-l\",\"features\":{{\"power\":1,\"voltage\":2,\"temperature\":3,\"load\":0.5}}}}";

    [Fact]
    public async Task Body_OverTheLimit_Is413WhetherAnnouncedOrChunked()
    {
        await using var silo = await SiloHost.StartAsync("StreamML:Api:MaxRequestBytes=2048");
        var large = "[" + string.Join(",", Enumerable.Range(0, 40).Select(Event)) + "]";

        var announced = await silo.Http.PostAsync("v1/events", new StringContent(large, Encoding.UTF8, "application/json"));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(large)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/events") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await silo.Http.SendAsync(request);
        var small = await silo.Http.PostAsync("v1/events", new StringContent("[" + Event(0) + "]", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.Accepted), (announced.StatusCode, streamed.StatusCode, small.StatusCode));
        Assert.Contains("StreamML:Api:MaxRequestBytes", await announced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemsAndDepth_OverTheLimit_AreRefusedWhole()
    {
        await using var silo = await SiloHost.StartAsync("StreamML:Api:MaxItemsPerRequest=3", "StreamML:Api:MaxJsonDepth=8");

        var four = await silo.Http.PostAsync("v1/events", new StringContent("[" + string.Join(",", Enumerable.Range(0, 4).Select(Event)) + "]", Encoding.UTF8, "application/json"));
        var labels = await silo.Http.PostAsync("v1/labels", new StringContent("[" + string.Join(",", Enumerable.Range(0, 4).Select(i => $"{{\"id\":\"l{i}\",\"entity\":\"m-l\",\"label\":1}}")) + "]", Encoding.UTF8, "application/json"));
        var deep = await silo.Http.PostAsync("v1/events", new StringContent("[" + new string('[', 10) + new string(']', 10) + "]", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (four.StatusCode, labels.StatusCode, deep.StatusCode));
        Assert.Contains("more than 3 items (StreamML:Api:MaxItemsPerRequest)", await four.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("more than 3 items (StreamML:Api:MaxItemsPerRequest)", await labels.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("depth", await deep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_OverTheBurst_Is429WithRetryAfter_ProbesExempt()
    {
        await using var silo = await SiloHost.StartAsync("StreamML:Api:RequestsPerSecond=1", "StreamML:Api:RequestBurst=2");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await silo.Http.GetAsync("v1/alerts"));
        }

        var probes = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            probes.Add((await silo.Http.GetAsync("healthz")).StatusCode);
        }

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.All(probes, p => Assert.Equal(HttpStatusCode.OK, p));
    }

    [Fact]
    public async Task RequestTimeout_IsTheDefaultPolicy()
    {
        await using var silo = await SiloHost.StartAsync("StreamML:Api:RequestTimeout=00:00:42");

        var policy = silo.Services.GetRequiredService<IOptions<RequestTimeoutOptions>>().Value.DefaultPolicy;

        Assert.Equal((TimeSpan.FromSeconds(42), 504), (policy?.Timeout, policy?.TimeoutStatusCode));
    }
}
