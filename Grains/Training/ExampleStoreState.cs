using StreamML.GrainInterfaces;

namespace StreamML.Grains.Training;

/// <summary>The persisted labelled-example store of a model: the examples packed into one compact blob.</summary>
[GenerateSerializer]
[Alias("streamml.ExampleStoreState")]
public sealed class ExampleStoreState
{
    /// <summary>Version 2 added each example's entity key; version 1 blobs are still read (their examples have none).</summary>
    private const int FormatVersion = 2;

    /// <summary>The packed examples (see <see cref="Pack"/>), or null when empty.</summary>
    [Id(0)] public byte[]? Data { get; set; }

    /// <summary>Examples ever appended.</summary>
    [Id(1)] public long Appended { get; set; }

    /// <summary>Examples evicted by the bounds.</summary>
    [Id(2)] public long Evicted { get; set; }

    /// <summary>Packs examples of one width: far smaller and faster to store than one serialized object per example.</summary>
    public static byte[] Pack(IReadOnlyList<LabelledExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(FormatVersion);
            w.Write(examples.Count);
            w.Write(examples.Count == 0 ? 0 : examples[0].Features.Length);
            foreach (var e in examples)
            {
                w.Write(e.Label);
                w.Write(e.EventTicks);
                w.Write(e.ModelVersion);
                w.Write(e.Prediction);
                w.Write(e.EntityKey);
                foreach (var f in e.Features)
                {
                    w.Write(f);
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Unpacks what <see cref="Pack"/> wrote; examples of another width than <paramref name="width"/> are dropped (the schema changed).</summary>
    public static List<LabelledExample> Unpack(byte[]? data, int width)
    {
        var examples = new List<LabelledExample>();
        if (data is not { Length: > 0 })
        {
            return examples;
        }

        using var r = new BinaryReader(new MemoryStream(data, writable: false));
        var format = r.ReadInt32();
        if (format is not (1 or FormatVersion))
        {
            return examples;
        }

        var count = r.ReadInt32();
        var stored = r.ReadInt32();
        if (stored != width)
        {
            return examples;
        }

        examples.Capacity = count;
        for (var i = 0; i < count; i++)
        {
            var label = r.ReadSingle();
            var ticks = r.ReadInt64();
            var version = r.ReadInt32();
            var prediction = r.ReadSingle();
            var entityKey = format >= 2 ? r.ReadUInt64() : 0;
            var features = new float[width];
            for (var f = 0; f < width; f++)
            {
                features[f] = r.ReadSingle();
            }

            examples.Add(new LabelledExample { Features = features, Label = label, EventTicks = ticks, ModelVersion = version, Prediction = prediction, EntityKey = entityKey });
        }

        return examples;
    }
}
