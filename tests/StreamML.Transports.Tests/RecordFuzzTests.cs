using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamML.Core.Entities;
using StreamML.Core.Schema;
using StreamML.Core.Sources;
using StreamML.Grains.Options;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Testing.Fuzzing;
using StreamML.Transports.Kafka;
using StreamML.Transports.RedisStreams;

namespace StreamML.Transports.Tests;

/// <summary>
/// Records as the log transports read them (Redis stream entries with any fields, Kafka messages with any headers and
/// payload) through the platform's record decoder: each becomes an event, a label or a dead letter with its reason.
/// </summary>
[Trait("Category", "BVT")]
public sealed class RecordFuzzTests
{
    private static readonly string[] EventFields = ["id", "entity", "time", "segment", "features"];
    private static readonly string[] LabelFields = ["id", "entity", "label", "time"];
    private static readonly string[] Features = ["price", "demand"];

    private static readonly IRecordDecoder Decoder = RecordDecoders.Json(new PlatformContext(
        Options.Create(new FeatureSchema { MaxEventAge = null, Features = [new() { Name = "price" }, new() { Name = "demand", Required = false }] }),
        Options.Create(new EntityOptions()),
        Options.Create(new ModelOptions()),
        TimeProvider.System),
        StreamML.Core.Privacy.Pseudonymiser.None);

    private static string Outcome(in SourceRecord record, string source, int partition)
    {
        var decoded = Decoder.Decode(record, source, partition, 0);
        Assert.Equal(1, (decoded.Event is null ? 0 : 1) + (decoded.Label is null ? 0 : 1) + (decoded.Rejected is null ? 0 : 1));
        if (decoded.Rejected is { } letter)
        {
            Assert.False(string.IsNullOrWhiteSpace(letter.Reason));
            Assert.False(string.IsNullOrWhiteSpace(letter.Message));
            Assert.InRange(letter.Payload?.Length ?? 0, 0, DeadLetterSink.MaxPayloadChars);
            return (record.IsLabel ? "label " : "event ") + letter.Reason;
        }

        return decoded.Event is not null ? "event decoded" : "label decoded";
    }

    private static byte[] Payload(FuzzText f, bool label) => f.Document(label ? LabelFields : EventFields, label ? [] : Features);

    [Fact]
    public void RedisStreamEntry_AnyFields_DecodedOrDeadLettered()
    {
        Fuzz.Run("RedisStreams entries", Fuzz.From(f =>
        {
            var label = f.OneIn(3);
            var fields = new List<NameValueEntry>();
            for (var n = f.Next(4); n >= 0; n--)
            {
                fields.Add(f.Next(6) switch
                {
                    0 => new NameValueEntry(RecordFields.Kind, label ? RecordFields.LabelKind : f.Pick([RecordFields.EventKind, f.Word(), "LABEL"])),
                    1 => new NameValueEntry(f.Word(), f.RandomBytes(f.Next(20))),
                    2 => new NameValueEntry(RecordFields.Data, f.RandomBytes(f.Next(100))),
                    _ => new NameValueEntry(RecordFields.Data, Payload(f, label)),
                });
            }

            return new StreamEntry($"{f.Next(int.MaxValue)}-{f.Next(1_000)}", [.. fields]);
        }), 75_000, entry =>
        {
            var offset = -1L;
            return Outcome(RedisStreamsPartitionReader.ToRecord(entry, ref offset), "streamml:events:3", 3);
        });
    }

    [Fact]
    public void KafkaMessage_AnyHeadersAndPayload_DecodedOrDeadLettered()
    {
        Fuzz.Run("Kafka messages", Fuzz.From(f =>
        {
            var label = f.OneIn(3);
            var headers = new Headers();
            for (var n = f.Next(4); n > 0; n--)
            {
                headers.Add(f.OneIn(2) ? KafkaPartitionReader.KindHeader : f.Word(), f.Next(5) switch
                {
                    0 => null,
                    1 => f.RandomBytes(f.Next(10)),
                    _ => Encoding.UTF8.GetBytes(label ? RecordFields.LabelKind : RecordFields.EventKind),
                });
            }

            return new ConsumeResult<Ignore, byte[]>
            {
                Offset = new Offset(f.Next(int.MaxValue)),
                Message = new Message<Ignore, byte[]> { Value = f.OneIn(50) ? null! : Payload(f, label), Headers = f.OneIn(10) ? null : headers },
            };
        }), 75_000, result => Outcome(KafkaPartitionReader.ToRecord(result), "events", 0));
    }
}
