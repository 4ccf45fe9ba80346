using StreamML.Client;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>The client SDK against a real silo on loopback.</summary>
[Trait("Category", "Functional")]
public sealed class ClientTests
{
    private static Dictionary<string, double> Features(double power) => new()
    {
        ["power"] = power,
        ["voltage"] = 230,
        ["temperature"] = 20,
        ["load"] = 0.5,
    };

    /// <summary>Events accepted over HTTP are applied behind the response; each is scored once as it is.</summary>
    private static async Task<StreamML.Contracts.EntityDto> WaitForEventsAsync(SiloHost silo, StreamMLClient client, string entity, int events)
    {
        await silo.Predictions.WaitForEntityAsync(entity, events, TimeSpan.FromSeconds(30));
        var dto = await client.GetEntityAsync(entity);
        Assert.True(dto is { Events: var n } && n >= events, $"entity {entity} has not reached {events} events");
        return dto;
    }

    [Fact]
    public async Task SendScoreReadDelete_RoundTripThroughTheSilo()
    {
        await using var silo = await SiloHost.StartAsync();
        using var client = StreamMLClient.Create(silo.Address);

        var sent = await client.SendEventsAsync(
        [
            new EventRequest("c-1", Features(900), Id: "a"),
            new EventRequest("c-1", Features(950), Id: "b"),
            new EventRequest("c-2", Features(1000), Id: "c", Segment: "north"),
        ]);
        Assert.Equal(3, sent.Accepted);
        Assert.Equal(0, sent.Rejected);

        var entity = await WaitForEventsAsync(silo, client, "c-1", 2);
        Assert.Equal(2, entity.Events);
        Assert.Equal("b", entity.LastPrediction?.EventId);

        var scored = await client.ScoreAsync([new EventRequest("c-3", Features(1200), Id: "s-1")]);
        var prediction = Assert.Single(scored.Predictions);
        Assert.Equal("s-1", prediction.EventId);
        Assert.Equal("c-3", prediction.Entity);
        Assert.Empty(scored.Errors);

        var labels = await client.SendLabelsAsync([new LabelRequest("s-1", "c-3", 1)]);
        Assert.Equal(1, labels.Matched);

        Assert.True(await client.DeleteEntityAsync("c-1"));
        var gone = await client.GetEntityAsync("c-1");
        Assert.True(gone is null || !gone.Exists);
    }

    [Fact]
    public async Task SendEvents_BadItems_ComeBackAsItemErrorsWhileTheGoodOnesAreTaken()
    {
        await using var silo = await SiloHost.StartAsync();
        using var client = StreamMLClient.Create(silo.Address);

        var result = await client.SendEventsAsync(
        [
            new EventRequest("c-9", Features(1)),
            new EventRequest("", Features(1)),
            new EventRequest("c-9", new Dictionary<string, double> { ["power"] = 1, ["voltage"] = 1, ["temperature"] = 1, ["load"] = 1, ["pressure"] = 1 }),
        ]);

        Assert.Equal(1, result.Accepted);
        Assert.Equal(2, result.Rejected);
        Assert.Equal([1, 2], result.Errors.Select(e => e.Index));
        await WaitForEventsAsync(silo, client, "c-9", 1);
    }

    [Fact]
    public async Task Calls_SiloNotListening_FailWithAClientExceptionAfterBoundedRetries()
    {
        var port = LoopbackPort.GetFree();
        using var client = StreamMLClient.Create(new Uri($"http://127.0.0.1:{port}/"), maxRetries: 1);

        var ex = await Assert.ThrowsAsync<StreamMLClientException>(() => client.GetEntityAsync("x"));
        Assert.Null(ex.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }
}
