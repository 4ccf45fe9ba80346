using System.Buffers;
using StreamML.Core.Anomaly;
using StreamML.Core.Features;
using StreamML.Core.Serialization;

namespace StreamML.Core.Entities;

/// <summary>The entity's durable state: what it writes behind the hot path and reads back on activation.</summary>
public sealed partial class EntityProcessor
{
    private const byte SnapshotVersion = 1;

    /// <summary>Writes the entity's durable state: windows, applied offsets, counters and remembered predictions.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = new SnapshotWriter(writer);
        w.Write(SnapshotVersion);
        w.Write(_plan.SchemaHash);
        _windows.WriteTo(ref w);
        w.Write(_partitions.Length);
        for (var i = 0; i < _partitions.Length; i++)
        {
            w.Write(_partitions[i]);
            w.Write(_offsets[i]);
        }

        w.Write(Duplicates);
        w.Write(LabelsMatched);
        w.Write(Scored);
        var width = _plan.VectorLength;
        w.Write(_ring.Length);
        w.Write(_ringNext);
        for (var i = 0; i < _ring.Length; i++)
        {
            var r = _ring[i];
            w.Write(r.EventId is not null);
            if (r.EventId is null)
            {
                continue;
            }

            w.Write(r.EventId);
            w.Write(r.Version);
            w.Write(r.Score);
            w.Write(r.Probability);
            w.Write(r.ShadowVersion);
            w.Write(r.ShadowScore);
            w.Write(r.ShadowProbability);
            w.Write(r.EventTicks);
            w.Write(r.Labelled);
            w.Write(_ringFeatures.AsSpan(i * width, width));
        }

        // Appended last, so snapshots written before it existed still read (their entities start a fresh baseline).
        _anomaly.WriteTo(ref w);
        w.Write(_labels.Last);
        w.Write(_labels.Mean);
        w.Write(_labels.EventsSince);
        w.Flush();
    }

    /// <summary>Restores an entity written by <see cref="WriteTo"/> under the same plan.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, of another version, or from another schema.</exception>
    public static EntityProcessor ReadFrom(string entity, FeaturePlan plan, EntityOptions options, ReadOnlySpan<byte> data)
    {
        var processor = new EntityProcessor(entity, plan, options);
        var r = new SnapshotReader(data);
        var version = r.ReadByte();
        if (version != SnapshotVersion)
        {
            throw new InvalidDataException($"entity snapshot version {version} is not supported (expected {SnapshotVersion})");
        }

        var hash = r.ReadString();
        if (!string.Equals(hash, plan.SchemaHash, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"entity snapshot was written under schema {hash}, this platform runs {plan.SchemaHash}");
        }

        processor._windows = EntityWindows.ReadFrom(plan, ref r);
        var partitions = r.ReadInt32();
        if (partitions < 0 || partitions > 65_536)
        {
            throw new InvalidDataException("entity snapshot has an implausible partition count");
        }

        processor._partitions = new int[partitions];
        processor._offsets = new long[partitions];
        for (var i = 0; i < partitions; i++)
        {
            processor._partitions[i] = r.ReadInt32();
            processor._offsets[i] = r.ReadInt64();
        }

        processor.Duplicates = r.ReadInt64();
        processor.LabelsMatched = r.ReadInt64();
        processor.Scored = r.ReadInt64();
        var ringLength = r.ReadInt32();
        var ringNext = r.ReadInt32();
        if (ringLength < 0 || ringLength > 4_096 || ringNext < 0 || ringNext > ringLength)
        {
            throw new InvalidDataException("entity snapshot has an inconsistent prediction ring");
        }

        var width = plan.VectorLength;
        var ring = new Remembered[ringLength];
        var features = new float[ringLength * width];
        for (var i = 0; i < ringLength; i++)
        {
            if (!r.ReadBoolean())
            {
                continue;
            }

            ring[i] = new Remembered(r.ReadString(), r.ReadInt32(), r.ReadSingle(), r.ReadSingle(), r.ReadInt32(), r.ReadSingle(), r.ReadSingle(), r.ReadInt64(), r.ReadBoolean());
            r.Read(features.AsSpan(i * width, width));
        }

        if (r.Remaining > 0)
        {
            processor._anomaly = RobustZScore.ReadFrom(ref r, plan.FeatureCount);
        }

        if (r.Remaining > 0)
        {
            processor._labels = new LabelMemory(r.ReadDouble(), r.ReadDouble(), r.ReadInt64());
        }

        // A ring written under a larger RememberPredictions than configured now is dropped: the predictions it held
        // only cost unmatched labels, while keeping it would break the ring's bound.
        if (ringLength <= options.RememberPredictions)
        {
            processor._ring = ring;
            processor._ringFeatures = features;
            processor._ringNext = ringNext == options.RememberPredictions ? 0 : ringNext;

            // The newest ring entry holds the features of the last scored event: the entity shows them again at once
            // after a restore, not only after its next event.
            var newest = ringNext > 0 ? ringNext - 1 : ringLength - 1;
            if (newest >= 0 && ring[newest].EventId is not null)
            {
                processor._currentOffset = newest * width;
            }
        }

        return processor;
    }
}
