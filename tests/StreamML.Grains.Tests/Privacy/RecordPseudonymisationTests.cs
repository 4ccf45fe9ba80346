using System.Text;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Generator;
using StreamML.Core.Privacy;
using StreamML.Core.Sources;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Grains.Training;

namespace StreamML.Grains.Tests.Privacy;

/// <summary>The pump's decoder pseudonymises every kind of record once, and the example store keeps each example's entity key.</summary>
[Trait("Category", "BVT")]
public sealed class RecordPseudonymisationTests
{
    private static readonly Pseudonymiser Pseudonymiser = new([.. Enumerable.Range(0, 32).Select(i => (byte)(200 - i))], ["id"]);

    private static readonly IRecordDecoder Decoder = RecordDecoders.Json(
        new PlatformContext(
            Microsoft.Extensions.Options.Options.Create(GeneratorSchema.Create("privacy")),
            Microsoft.Extensions.Options.Options.Create(new EntityOptions()),
            Microsoft.Extensions.Options.Options.Create(new ModelOptions()),
            TimeProvider.System),
        Pseudonymiser);

    private static readonly string Features = string.Join(',', GeneratorSchema.Features.Select(f => $"\"{f}\":1"));

    [Fact]
    public void Decode_RawEventAndLabel_ArePseudonymised()
    {
        var e = Decoder.Decode(new SourceRecord { Offset = 5, Payload = Encoding.UTF8.GetBytes($"{{\"id\":\"e-1\",\"entity\":\"meter-42\",\"features\":{{{Features}}}}}") }, "kafka", 1, 0);
        var l = Decoder.Decode(new SourceRecord { Offset = 6, IsLabel = true, Payload = """{"id":"e-1","entity":"meter-42","label":1}"""u8.ToArray() }, "kafka", 1, 0);

        Assert.Equal((Pseudonymiser.Pseudonymise("meter-42"), Pseudonymiser.Pseudonymise("e-1")), (EventOf(e).Entity, EventOf(e).Id));
        Assert.Equal((EventOf(e).Entity, EventOf(e).Id), (LabelOf(l).Entity, LabelOf(l).EventId));
    }

    [Fact]
    public void Decode_ReadyRecords_ArePseudonymised_UnlessAlreadyDone()
    {
        var ready = new StreamEvent("e-1", "meter-42", 1, [1f, 1f, 1f, 1f]);
        var label = new LabelEvent("e-1", "meter-42", 1);

        var fromGenerator = Decoder.Decode(new SourceRecord { Event = ready }, "generator", 0, 0);
        var fromApi = Decoder.Decode(new SourceRecord { Event = ready, Pseudonymised = true }, "http", 0, 0);
        var labelFromApi = Decoder.Decode(new SourceRecord { Label = label, Pseudonymised = true }, "http", 0, 0);

        Assert.Equal(Pseudonymiser.Pseudonymise("meter-42"), EventOf(fromGenerator).Entity);
        Assert.Same(ready, EventOf(fromApi));
        Assert.Same(label, LabelOf(labelFromApi));
    }

    [Fact]
    public void Decode_Rejected_DeadLetterKeepsOnlyPseudonyms()
    {
        var bad = Decoder.Decode(new SourceRecord { Offset = 9, Payload = """{"id":"e-2","entity":"meter-42","features":{"power":"x"}}"""u8.ToArray() }, "kafka", 0, 0);
        var garbage = Decoder.Decode(new SourceRecord { Offset = 10, Payload = "meter-42 e-2"u8.ToArray() }, "kafka", 0, 0);

        var letter = bad.Rejected!;
        Assert.Equal((Pseudonymiser.Pseudonymise("meter-42"), Pseudonymiser.Pseudonymise("e-2")), (letter.Entity, letter.EventId));
        Assert.DoesNotContain("meter-42", letter.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("e-2", letter.Payload, StringComparison.Ordinal);
        Assert.Null(garbage.Rejected!.Payload);
        Assert.DoesNotContain("meter-42", garbage.Rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleStore_PacksEntityKeys_AndReadsTheFormerFormat()
    {
        LabelledExample[] examples = [new() { Features = [1f, 2f], Label = 1, EventTicks = 3, ModelVersion = 1, Prediction = 0.5f, EntityKey = 77 }];

        var unpacked = Assert.Single(ExampleStoreState.Unpack(ExampleStoreState.Pack(examples), 2));
        var former = Assert.Single(ExampleStoreState.Unpack(FormatOne(), 2));

        Assert.Equal((77UL, 3L, 0.5f), (unpacked.EntityKey, unpacked.EventTicks, unpacked.Prediction));
        Assert.Equal((0UL, 3L, 0.5f), (former.EntityKey, former.EventTicks, former.Prediction));
        Assert.Equal([1f, 2f], former.Features);
    }

    private static StreamEvent EventOf(DecodedRecord record) => record.Event!.Value.Event;

    private static LabelEvent LabelOf(DecodedRecord record) => record.Label!.Value.Label;

    /// <summary>One example in format 1, the layout before entity keys: version, count, width, then label, ticks, version, prediction, features.</summary>
    private static byte[] FormatOne()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(1);
            w.Write(1);
            w.Write(2);
            w.Write(1f);
            w.Write(3L);
            w.Write(1);
            w.Write(0.5f);
            w.Write(1f);
            w.Write(2f);
        }

        return stream.ToArray();
    }
}
