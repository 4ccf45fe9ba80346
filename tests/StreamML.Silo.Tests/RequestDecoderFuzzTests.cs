using Microsoft.Extensions.Options;
using StreamML.Core.Entities;
using StreamML.Core.Schema;
using StreamML.Grains.Options;
using StreamML.Grains.Services;
using StreamML.Silo.Api;
using StreamML.Testing.Fuzzing;

namespace StreamML.Silo.Tests;

/// <summary>
/// HTTP request bodies under hostile input: the body is refused whole with a reason, or each item is taken or refused
/// with its own reason, and the dead letters stay within the per-request cap.
/// </summary>
[Trait("Category", "BVT")]
public sealed class RequestDecoderFuzzTests
{
    private const int MaxDeadLetters = 5;
    private static readonly string[] EventFields = ["id", "entity", "time", "segment", "features"];
    private static readonly string[] LabelFields = ["id", "entity", "label", "time"];

    private static readonly RequestDecoder Decoder = new(
        new PlatformContext(
            Options.Create(new FeatureSchema { MaxEventAge = null, Features = [new() { Name = "x" }, new() { Name = "y", Required = false }] }),
            Options.Create(new EntityOptions()),
            Options.Create(new ModelOptions()),
            TimeProvider.System),
        deadLetterOptions: Options.Create(new DeadLetterOptions { MaxPerRequest = MaxDeadLetters }));

    /// <summary>A request body: an array of items (or an object holding one under <paramref name="property"/>), often mutated.</summary>
    private static byte[] Body(FuzzText f, string property, string[] fields)
    {
        // Mostly well-formed items, so that the body parses and each item is judged on its own.
        var items = Enumerable.Range(0, f.Next(12))
            .Select(_ => f.OneIn(8) ? f.Document(fields, ["x", "y"]) : System.Text.Encoding.UTF8.GetBytes(f.Object(fields, ["x", "y"])))
            .ToList();
        var array = new List<byte>("["u8.ToArray());
        for (var i = 0; i < items.Count; i++)
        {
            array.AddRange(i > 0 ? ","u8.ToArray() : []);
            array.AddRange(items[i]);
        }

        array.AddRange("]"u8.ToArray());
        byte[] body = f.Next(4) switch
        {
            0 => [.. System.Text.Encoding.UTF8.GetBytes($"{{\"{property}\":"), .. array, .. "}"u8],
            1 => [.. System.Text.Encoding.UTF8.GetBytes($"{{\"{property}\":7,\"other\":{{}},\"{property}\":"), .. array, .. "}"u8],
            _ => [.. array],
        };
        return f.OneIn(6) ? f.Mutate(body) : body;
    }

    private static string Check<T>(RequestDecoder.Decoded<T> decoded)
    {
        if (decoded.Problem is not null)
        {
            Assert.Empty(decoded.Valid);
            Assert.Empty(decoded.Errors);
            return "body refused";
        }

        Assert.Equal(decoded.Errors.Select(e => e.Index).Distinct().Order(), decoded.Errors.Select(e => e.Index));
        Assert.All(decoded.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason) || string.IsNullOrWhiteSpace(e.Message)));
        Assert.Equal(Math.Min(decoded.Errors.Count, MaxDeadLetters), decoded.DeadLetters.Count);
        Assert.Equal(decoded.Errors.Count - decoded.DeadLetters.Count, decoded.OmittedDeadLetters.Values.Sum());
        Assert.All(decoded.DeadLetters, l => Assert.InRange(l.Payload!.Length, 0, DeadLetterSink.MaxPayloadChars));
        return decoded.Errors.Count == 0 ? "all items taken" : decoded.Valid.Count == 0 ? "all items refused" : "some items refused";
    }

    [Fact]
    public void DecodeEvents_HostileBodies_RefusedWholeOrItemByItem() =>
        Fuzz.Run("RequestDecoder events", Fuzz.From(f => Body(f, "events", EventFields)), 150_000, body => Check(Decoder.DecodeEvents(body, "events")));

    [Fact]
    public void DecodeLabels_HostileBodies_RefusedWholeOrItemByItem() =>
        Fuzz.Run("RequestDecoder labels", Fuzz.From(f => Body(f, "labels", LabelFields)), 75_000, body => Check(Decoder.DecodeLabels(body)));
}
