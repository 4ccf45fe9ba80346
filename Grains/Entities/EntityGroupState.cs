using System.Buffers;
using StreamML.Core.Entities;
using StreamML.Core.Features;
using StreamML.Core.Serialization;

namespace StreamML.Grains.Entities;

/// <summary>The persisted form of one chunk of an entity group: the snapshots of its entities packed into one blob.</summary>
[GenerateSerializer]
[Alias("streamml.EntityGroupState")]
public sealed class EntityGroupState
{
    private const int FormatVersion = 1;

    /// <summary>The packed snapshots, or null when the group has never been written (or after it was unpacked).</summary>
    [Id(0)] public byte[]? Data { get; set; }

    /// <summary>Packs entities (the members of one chunk) into <paramref name="buffer"/> and returns the bytes.</summary>
    public static byte[] Pack(IEnumerable<EntityProcessor> entities, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.ResetWrittenCount();
        var snapshot = new ArrayBufferWriter<byte>(1_024);
        var header = new SnapshotWriter(buffer);
        header.Write(FormatVersion);
        header.Flush();
        var countAt = buffer.WrittenCount;
        var count = 0;
        var placeholder = new SnapshotWriter(buffer);
        placeholder.Write(0);
        placeholder.Flush();
        foreach (var processor in entities)
        {
            snapshot.ResetWrittenCount();
            processor.WriteTo(snapshot);
            var w = new SnapshotWriter(buffer);
            w.Write(processor.Entity);
            w.Write(snapshot.WrittenCount);
            w.WriteRaw(snapshot.WrittenSpan);
            w.Flush();
            count++;
        }

        var bytes = buffer.WrittenSpan.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(countAt), count);
        return bytes;
    }

    /// <summary>
    /// Unpacks what <see cref="Pack"/> wrote. An entity whose snapshot cannot be read under <paramref name="plan"/> (the
    /// schema changed) is passed to <paramref name="discarded"/> and starts over.
    /// </summary>
    public static Dictionary<string, EntityProcessor> Unpack(byte[]? data, FeaturePlan plan, EntityOptions options, Action<string, string> discarded)
    {
        ArgumentNullException.ThrowIfNull(discarded);
        var entities = new Dictionary<string, EntityProcessor>(StringComparer.Ordinal);
        if (data is not { Length: > 0 })
        {
            return entities;
        }

        try
        {
            var r = new SnapshotReader(data);
            if (r.ReadInt32() != FormatVersion)
            {
                discarded("*", "the group was written in another format");
                return entities;
            }

            var count = r.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var entity = r.ReadString();
                var bytes = r.ReadRaw(r.ReadInt32());
                try
                {
                    entities[entity] = EntityProcessor.ReadFrom(entity, plan, options, bytes);
                }
                catch (InvalidDataException ex)
                {
                    discarded(entity, ex.Message);
                }
            }
        }
        catch (InvalidDataException)
        {
            discarded("*", "the group's stored state is truncated");
        }

        return entities;
    }
}
