using System.Text;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using StreamML.Core.Features;
using StreamML.Core.Schema;
using StreamML.Core.Validation;

namespace StreamML.Core.Tests.Validation;

[Trait("Category", "BVT")]
public sealed class EventDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static EventDecoder Decoder(Action<FeatureSchema>? configure = null)
    {
        var schema = new FeatureSchema
        {
            Features = [new() { Name = "price" }, new() { Name = "demand" }, new() { Name = "note", Required = false }],
            MaxPayloadBytes = 512,
            MaxIdLength = 16,
        };
        configure?.Invoke(schema);
        return new EventDecoder(FeaturePlan.Compile(schema), new FakeTimeProvider(Now));
    }

    private static DecodeResult<Events.StreamEvent> Decode(string json, Action<FeatureSchema>? configure = null) =>
        Decoder(configure).Decode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Decode_FullEvent_AlignsValuesToTheSchema()
    {
        var result = Decode("""{"id":"e-1","entity":"meter-42","time":"2026-11-24T09:59:00Z","features":{"demand":0.61,"price":0.42},"segment":"nsw","extra":[1,{"a":2}]}""");

        Assert.True(result.IsValid, result.Message);
        var e = result.Value!;
        Assert.Equal("e-1", e.Id);
        Assert.Equal("meter-42", e.Entity);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 59, 0, TimeSpan.Zero), e.Time);
        Assert.Equal(0.42f, e.Values[0]);
        Assert.Equal(0.61f, e.Values[1]);
        Assert.True(float.IsNaN(e.Values[2]));
        Assert.Equal("nsw", e.Segment);
    }

    [Fact]
    public void Decode_OptionalFieldsAbsent_UsesClockAndDefaultId()
    {
        var result = Decoder().Decode("""{"entity":"ünïcødé-😀","features":{"price":1,"demand":2}}"""u8, defaultId: "src:0:17");

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("src:0:17", result.Value!.Id);
        Assert.Equal(Now.UtcTicks, result.Value.TimeTicks);
        Assert.Equal("ünïcødé-😀", result.Value.Entity);
    }

    [Fact]
    public void Decode_EpochMilliseconds()
    {
        var ms = Now.AddMinutes(-1).ToUnixTimeMilliseconds();
        var result = Decode("{\"entity\":\"a\",\"time\":" + ms + ",\"features\":{\"price\":1,\"demand\":2}}");
        Assert.Equal(Now.AddMinutes(-1).UtcTicks, result.Value!.TimeTicks);
    }

    [Theory]
    [InlineData("""{"entity":"a","features":{"price":1,"demand":2}}""", InvalidReason.PayloadTooLarge, "more than the limit of 512", 600)]
    [InlineData("""not json""", InvalidReason.MalformedPayload, "not valid JSON", 0)]
    [InlineData("""[1,2]""", InvalidReason.MalformedPayload, "must be a JSON object", 0)]
    [InlineData("""{"entity":"a","features":{"price":"high","demand":2}}""", InvalidReason.MalformedPayload, "feature 'price' must be a number", 0)]
    [InlineData("""{"entity":5,"features":{}}""", InvalidReason.MalformedPayload, "field 'entity' must be a string", 0)]
    [InlineData("""{"entity":"a","time":"yesterday","features":{"price":1,"demand":2}}""", InvalidReason.MalformedPayload, "field 'time'", 0)]
    [InlineData("""{"features":{"price":1,"demand":2}}""", InvalidReason.MissingEntity, "field 'entity' is missing", 0)]
    [InlineData("""{"entity":"  ","features":{"price":1,"demand":2}}""", InvalidReason.EmptyEntity, "field 'entity' is empty", 0)]
    [InlineData("""{"entity":"aaaaaaaaaaaaaaaaaaaa","features":{"price":1,"demand":2}}""", InvalidReason.EntityTooLong, "more than the limit of 16", 0)]
    [InlineData("""{"id":"iiiiiiiiiiiiiiiiiiii","entity":"a","features":{"price":1,"demand":2}}""", InvalidReason.IdTooLong, "field 'id'", 0)]
    [InlineData("""{"entity":"a","features":{"price":1,"demand":2,"pricee":3}}""", InvalidReason.UnknownFeature, "unknown feature 'pricee'", 0)]
    [InlineData("""{"entity":"a","features":{"price":"NaN","demand":2}}""", InvalidReason.NonFiniteFeature, "feature 'price' is NaN", 0)]
    [InlineData("""{"entity":"a","features":{"price":"-Infinity","demand":2}}""", InvalidReason.NonFiniteFeature, "feature 'price' is -Infinity", 0)]
    [InlineData("""{"entity":"a","features":{"price":1e39,"demand":2}}""", InvalidReason.NonFiniteFeature, "feature 'price' is out of range", 0)]
    [InlineData("""{"entity":"a","features":{"price":1}}""", InvalidReason.MissingFeature, "feature 'demand' is missing", 0)]
    [InlineData("""{"entity":"a","features":{"price":1,"demand":null}}""", InvalidReason.MissingFeature, "feature 'demand' is missing", 0)]
    [InlineData("""{"entity":"a","time":"2026-11-24T10:06:00Z","features":{"price":1,"demand":2}}""", InvalidReason.TimestampInFuture, "ahead of the receiving clock", 0)]
    [InlineData("""{"entity":"a","time":"2026-11-01T10:00:00Z","features":{"price":1,"demand":2}}""", InvalidReason.TimestampTooOld, "behind the receiving clock", 0)]
    [InlineData("""{"entity":"a","features":{"price":1,"price":2,"demand":2}}""", InvalidReason.MalformedPayload, "feature 'price' appears twice", 0)]
    [InlineData("""{"entity":"a","features":{"price":1,"demand":2}} {}""", InvalidReason.MalformedPayload, "", 0)]
    [InlineData("""{"entity":"a","segment":"north east","features":{"price":1,"demand":2}}""", InvalidReason.InvalidSegment, "field 'segment' may hold only", 0)]
    [InlineData("""{"entity":"a","segment":"nörth","features":{"price":1,"demand":2}}""", InvalidReason.InvalidSegment, "field 'segment' may hold only", 0)]
    [InlineData("""{"entity":"a","segment":"a/b","features":{"price":1,"demand":2}}""", InvalidReason.InvalidSegment, "field 'segment' may hold only", 0)]
    [InlineData("""{"entity":"a","segment":"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss","features":{"price":1,"demand":2}}""", InvalidReason.InvalidSegment, "field 'segment' has 65 characters, more than the limit of 64", 0)]
    public void Decode_Invalid_GivesTheReasonAndNamesTheField(string json, InvalidReason reason, string message, int padTo)
    {
        if (padTo > 0)
        {
            json = json[..^1] + ",\"pad\":\"" + new string('x', padTo) + "\"}";
        }

        var result = Decode(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(reason, result.Reason);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nsw")]
    [InlineData("AU-nsw_2.zone:1")]
    [InlineData("ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss")]
    public void Decode_SegmentOfLettersDigitsAndPunctuation_IsKept(string segment)
    {
        var result = Decode($$$"""{"entity":"a","segment":"{{{segment}}}","features":{"price":1,"demand":2}}""");

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(segment, result.Value!.Segment);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void Decode_EmptyOrNullSegment_IsNoSegment(string segment)
    {
        var result = Decode($$$"""{"entity":"a","segment":{{{segment}}},"features":{"price":1,"demand":2}}""");

        Assert.True(result.IsValid, result.Message);
        Assert.True(string.IsNullOrEmpty(result.Value!.Segment));
    }

    [Fact]
    public void Decode_SeveralProblems_ReportsTheFirstInReasonOrder()
    {
        // Missing entity comes before an unknown feature, which comes before a missing one.
        Assert.Equal(InvalidReason.MissingEntity, Decode("""{"features":{"bogus":1}}""").Reason);
        Assert.Equal(InvalidReason.UnknownFeature, Decode("""{"entity":"a","features":{"price":"NaN","bogus":1}}""").Reason);
        Assert.Equal(InvalidReason.NonFiniteFeature, Decode("""{"entity":"a","features":{"price":"NaN"}}""").Reason);
    }

    [Fact]
    public void Decode_MaxEventAgeUnset_AcceptsHistory()
    {
        var result = Decode("""{"entity":"a","time":"1996-05-07T00:00:00Z","features":{"price":1,"demand":2}}""", s => s.MaxEventAge = null);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Decode_ArbitraryBytes_NeverThrows()
    {
        var decoder = Decoder();
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var result = decoder.Decode(bytes);
            Assert.True(result.IsValid || result.Reason != InvalidReason.None);
        }, iter: 5_000);

        // Near-valid JSON with random edits exercises the parser far more than random bytes.
        var valid = """{"id":"e","entity":"a","time":"2026-11-24T09:59:00Z","features":{"price":1.5,"demand":2,"note":null}}"""u8.ToArray();
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, 2]).Sample((index, value, op) =>
        {
            var edited = op switch
            {
                0 => [.. valid[..index], value, .. valid[(index + 1)..]],
                1 => [.. valid[..index], .. valid[(index + 1)..]],
                _ => valid[..index],
            };
            var result = decoder.Decode(edited);
            Assert.True(result.IsValid || result.Reason != InvalidReason.None);
        }, iter: 5_000);
    }
}
