using System.Net;
using System.Text;
using System.Text.Json;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>
/// Labels sent over HTTP take the ordered path of the events sent before them: a label posted right after its event
/// reaches the entity after the event, so it joins the event's prediction instead of finding nothing to join.
/// </summary>
[Trait("Category", "Functional")]
public sealed class LabelOrderTests
{
    private const int Pairs = 200;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Event(string id, string entity) =>
        $"{{\"id\":\"{id}\",\"entity\":\"{entity}\",\"features\":{{\"power\":1000,\"voltage\":230,\"temperature\":20,\"load\":0.5}}}}";

    [Fact]
    public async Task PostLabels_RightAfterItsEvent_IsMatchedEveryTime()
    {
        await using var silo = await SiloHost.StartAsync();

        // Four senders at once, each posting an event and then, as soon as it is accepted, its label.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async sender =>
        {
            var seen = new List<(int Matched, int Unmatched)>();
            for (var i = sender; i < Pairs; i += 4)
            {
                var sent = await silo.Http.PostAsync("v1/events", Json($"[{Event($"o{i}", $"m-o{i}")}]"));
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

                var labelled = await silo.Http.PostAsync("v1/labels", Json($"[{{\"id\":\"o{i}\",\"entity\":\"m-o{i}\",\"label\":{i % 2}}}]"));
                Assert.Equal(HttpStatusCode.OK, labelled.StatusCode);
                var body = JsonDocument.Parse(await labelled.Content.ReadAsStringAsync()).RootElement;
                seen.Add((body.GetProperty("matched").GetInt32(), body.GetProperty("unmatched").GetInt32()));
            }

            return seen;
        }));

        var all = outcomes.SelectMany(o => o).ToList();
        Assert.Equal(Pairs, all.Count);
        Assert.All(all, o => Assert.Equal((1, 0), o));
    }

    [Fact]
    public async Task PostLabels_InOneRequestWithTwoMatchesAndARepeat_TellsEachOutcome()
    {
        await using var silo = await SiloHost.StartAsync();
        var sent = await silo.Http.PostAsync("v1/events", Json(
            $"[{Event("p1", "m-p")},{Event("p2", "m-q")}]"));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        var labelled = await silo.Http.PostAsync("v1/labels", Json(
            "[{\"id\":\"p1\",\"entity\":\"m-p\",\"label\":1},{\"id\":\"p2\",\"entity\":\"m-q\",\"label\":0},{\"id\":\"p1\",\"entity\":\"m-p\",\"label\":1},{\"id\":\"p3\",\"entity\":\"m-r\",\"label\":1}]"));

        Assert.Equal(HttpStatusCode.OK, labelled.StatusCode);
        var body = JsonDocument.Parse(await labelled.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("matched").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, body.GetProperty("unmatched").GetInt32());
        Assert.Equal(0, body.GetProperty("expired").GetInt32());
    }
}
