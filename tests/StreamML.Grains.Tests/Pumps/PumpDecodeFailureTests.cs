using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StreamML.Core.Sources;
using StreamML.GrainInterfaces;
using StreamML.Core.Privacy;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>
/// Records no decoder path can use (not UTF-8, not JSON, JSON of the wrong shape, too large, empty, a decoder that
/// throws) go to dead-letter with their source, partition, offset and reason, and the pump moves past them.
/// </summary>
[Trait("Category", "Functional")]
public sealed class PumpDecodeFailureTests
{
    private const string Poison = "{\"poison\":true}";

    // The generator's schema, which the test platform keeps.
    private const string Features = "{\"power\":1.5,\"voltage\":230,\"temperature\":20,\"load\":0.5}";

    [Fact]
    public async Task Pump_UndecodableRecords_DeadLetteredWithOffsetAndReasonAndEverythingElseApplied()
    {
        byte[][] bad =
        [
            [0xff, 0xfe, 0xc3, 0x28, 0x80],
            Encoding.UTF8.GetBytes("not json at all"),
            Encoding.UTF8.GetBytes("[1,2,3]"),
            Encoding.UTF8.GetBytes("42"),
            Encoding.UTF8.GetBytes("{\"entity\":5,\"features\":{\"x\":1}}"),
            Encoding.UTF8.GetBytes("{\"entity\":\"m-1\",\"features\":[1]}"),
            Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', 70_000) + "\",\"entity\":\"m-1\",\"features\":{\"x\":1}}"),
            [],
            Encoding.UTF8.GetBytes("{\"entity\":\"m-1\",\"features\":{\"x\":1}"),
            Encoding.UTF8.GetBytes(Poison),
        ];
        var records = new List<SourceRecord>();
        var badOffsets = new List<long>();
        for (var i = 0; i < 200; i++)
        {
            var offset = 10 + (3L * i);
            if (i % 10 == 3)
            {
                badOffsets.Add(offset);
                records.Add(new SourceRecord { Offset = offset, Payload = bad[i / 10 % bad.Length], Position = i % 20 == 3 ? "native-" + offset : null });
            }
            else
            {
                records.Add(new SourceRecord { Offset = offset, Payload = Encoding.UTF8.GetBytes("{\"id\":\"e-" + i + "\",\"entity\":\"m-" + (i % 7) + "\",\"features\":" + Features + "}") });
            }
        }

        records.Add(new SourceRecord { Offset = 1_000, IsLabel = true, Payload = Encoding.UTF8.GetBytes("{\"label\":\"yes\"}") });
        badOffsets.Add(1_000);
        var source = new ScriptedSource("scripted", records);
        await using var platform = await PlatformCluster.StartAsync(
            s =>
            {
                s.Pump.ReadBatchSize = 16;
            },
            services: services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IEventSource>(source));
                services.Replace(ServiceDescriptor.Singleton<IRecordDecoder>(sp => new ThrowingDecoder(
                    RecordDecoders.Json(sp.GetRequiredService<PlatformContext>(), sp.GetRequiredService<Pseudonymiser>()))));
            });

        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));

        var page = await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(null, 0, 1_000);
        Assert.Equal(badOffsets.Count, page.Total);
        Assert.Equal(badOffsets, page.Items.Select(l => l.Offset).Order());
        Assert.All(page.Items, l =>
        {
            Assert.Equal("scripted", l.Source);
            Assert.Equal(0, l.Partition);
            Assert.False(string.IsNullOrWhiteSpace(l.Reason));
            Assert.False(string.IsNullOrWhiteSpace(l.Message));
        });
        Assert.Contains(page.Items, l => l.Message.Contains("the decoder failed", StringComparison.Ordinal) && l.Message.Contains("injected", StringComparison.Ordinal));
        Assert.Contains(page.Items, l => l.Reason == "PayloadTooLarge");
        Assert.Contains(page.Items, l => l.Message.Contains("(source position native-", StringComparison.Ordinal));
        Assert.Equal(200 - 20, platform.Predictions.Count);
        var checkpoint = await new FileCheckpointStore(Path.Combine(platform.DataDirectory, "checkpoints")).LoadAsync("scripted", 0, TestContext.Current.CancellationToken);
        Assert.Equal(1_000, checkpoint.Offset);
    }

    /// <summary>A finite one-partition source of the given records.</summary>
    private sealed class ScriptedSource(string name, IReadOnlyList<SourceRecord> records) : IEventSource
    {
        public string Name => name;

        public ValueTask<IReadOnlyList<int>> GetPartitionsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<int>>([0]);

        public ValueTask<IPartitionReader> OpenAsync(int partition, long? afterOffset, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IPartitionReader>(new Reader([.. records.Where(r => afterOffset is null || r.Offset > afterOffset)]));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class Reader(SourceRecord[] rest) : IPartitionReader
        {
            private int _next;

            public int Partition => 0;

            public ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
            {
                if (_next == rest.Length)
                {
                    return ValueTask.FromResult(-1);
                }

                var n = Math.Min(buffer.Length, rest.Length - _next);
                rest.AsSpan(_next, n).CopyTo(buffer.Span);
                _next += n;
                return ValueTask.FromResult(n);
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>The platform's decoder, except that it throws on one payload, as a faulty decoder would.</summary>
    private sealed class ThrowingDecoder(IRecordDecoder inner) : IRecordDecoder
    {
        public DecodedRecord Decode(in SourceRecord record, string source, int partition, long ingestTicks) =>
            record.Payload.Span.SequenceEqual(Encoding.UTF8.GetBytes(Poison))
                ? throw new InvalidOperationException("injected: the decoder broke")
                : inner.Decode(record, source, partition, ingestTicks);
    }
}
