using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StreamML.Core.Entities;
using StreamML.Core.Schema;
using StreamML.Grains.Options;
using StreamML.Grains.Services;
using StreamML.Silo.Api;

namespace StreamML.Silo.Tests;

/// <summary>The HTTP API's request decoding: each item decoded from its own UTF-8 bytes of the body, read once.</summary>
[Trait("Category", "BVT")]
public sealed class RequestDecoderTests
{
    private static readonly RequestDecoder Decoder = new(new PlatformContext(
        Options.Create(new FeatureSchema { MaxEventAge = null, Features = { new FeatureDefinition { Name = "x" } } }),
        Options.Create(new EntityOptions()),
        Options.Create(new ModelOptions()),
        TimeProvider.System));

    private const string Good = "{\"id\":\"a\",\"entity\":\"m-1\",\"features\":{\"x\":1}}";
    private const string Bad = "{ \"id\" : \"b\", \"entity\" : \"m-\\u0032\", \"features\" : { \"x\" : 1, \"y\" : 1 } }";

    [Fact]
    public void DecodeEvents_GoodAndBadItems_TakesTheGoodAndDeadLettersEachBadOneWithItsOwnText()
    {
        var decoded = Decoder.DecodeEvents(Encoding.UTF8.GetBytes($"[ {Good} ,\n {Bad}, {Good.Replace("\"a\"", "\"c\"", StringComparison.Ordinal)}, 7 ]"), "events");

        Assert.Null(decoded.Problem);
        Assert.Equal([(0, "a"), (2, "c")], decoded.Valid.Select(v => (v.Index, v.Event.Id)));
        Assert.Equal([1, 3], decoded.Errors.Select(e => e.Index));
        Assert.Equal("UnknownFeature", decoded.Errors[0].Reason);
        var letter = decoded.DeadLetters[0];
        Assert.Equal((Bad, "m-2", "b", "http"), (letter.Payload, letter.Entity, letter.EventId, letter.Source));
        Assert.Equal(("7", null, null), (decoded.DeadLetters[1].Payload, decoded.DeadLetters[1].Entity, decoded.DeadLetters[1].EventId));
    }

    [Fact]
    public void DecodeEvents_ObjectBody_TakesTheLastPropertyOfTheName()
    {
        var taken = Decoder.DecodeEvents(Encoding.UTF8.GetBytes($"{{\"events\":{{\"events\":[]}},\"other\":[{Good}],\"events\":[{Good},{Good}]}}"), "events");
        var last = Decoder.DecodeEvents(Encoding.UTF8.GetBytes($"{{\"events\":[{Good}],\"events\":1}}"), "events");

        Assert.Equal(2, taken.Valid.Count);
        Assert.Equal("expected a JSON array of events or an object with an \"events\" array", last.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("[{\"id\":\"a\"}] x")]
    [InlineData("[{\"id\":\"a\"},]")]
    public void DecodeEvents_NotJson_IsRefusedWhole(string body)
    {
        var decoded = Decoder.DecodeEvents(Encoding.UTF8.GetBytes(body), "events");

        Assert.StartsWith("the body is not valid JSON: ", decoded.Problem, StringComparison.Ordinal);
        Assert.Empty(decoded.Valid);
        Assert.Empty(decoded.Errors);
    }

    [Fact]
    public void DecodeLabels_ArrayOrObject_DecodesEachLabel()
    {
        var array = Decoder.DecodeLabels("[{\"id\":\"a\",\"entity\":\"m-1\",\"label\":1},{\"id\":\"b\",\"label\":0}]"u8);
        var wrapped = Decoder.DecodeLabels("{\"labels\":[{\"id\":\"a\",\"entity\":\"m-1\",\"label\":1}]}"u8);
        var neither = Decoder.DecodeLabels("\"labels\""u8);

        Assert.Equal(["a"], array.Valid.Select(l => l.EventId));
        Assert.Equal([1], array.Errors.Select(e => e.Index));
        Assert.Equal(["a"], wrapped.Valid.Select(l => l.EventId));
        Assert.Equal("expected a JSON array of labels or an object with a \"labels\" array", neither.Problem);
    }

    [Fact]
    public async Task RequestBody_WithByteOrderMarkAndNoLength_ReadsTheWholeBodyWithoutTheMark()
    {
        var items = string.Join(",", Enumerable.Range(0, 2_000).Select(i => Good.Replace("\"a\"", $"\"a{i}\"", StringComparison.Ordinal)));
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"[{items}]")).ToArray();
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(bytes);

        using var body = await RequestBody.ReadAsync(context.Request, CancellationToken.None);
        var decoded = Decoder.DecodeEvents(body.Utf8, "events");

        Assert.Equal(bytes.Length - 3, body.Utf8.Length);
        Assert.Equal(2_000, decoded.Valid.Count);
        Assert.Equal("a1999", decoded.Valid[^1].Event.Id);
    }
}
