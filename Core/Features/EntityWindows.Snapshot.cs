using System.Buffers;
using StreamML.Core.Serialization;

namespace StreamML.Core.Features;

/// <summary>The snapshot of an entity's windows: what the entity grain persists and restores.</summary>
public sealed partial class EntityWindows
{
    /// <summary>Writes a compact, versioned snapshot of the state.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = new SnapshotWriter(writer);
        WriteTo(ref w);
        w.Flush();
    }

    internal void WriteTo(ref SnapshotWriter w)
    {
        w.Write(SnapshotVersion);
        w.Write(_width);
        w.Write(_plan.Windows.Length);
        w.Write(MaxEventTicks);
        w.Write(Accepted);
        w.Write(OutOfOrder);
        w.Write(LateAccepted);
        w.Write(LateRejected);
        w.Write(Truncated);
        w.Write(_evicted);
        w.Write(_count);
        w.Write(_times.AsSpan(0, _count));
        w.Write(_values.AsSpan(0, _count * _width));
        foreach (var prefix in _prefixes)
        {
            w.Write(prefix is not null);
            if (prefix is null)
            {
                continue;
            }

            w.Write(prefix.Features.Length);
            w.Write(prefix.Bucket);
            w.Write(prefix.Events);
            w.Write(prefix.FirstTime);
            w.Write(prefix.LastTime);
            foreach (var acc in prefix.Features)
            {
                acc.Write(ref w);
            }
        }
    }

    /// <summary>Restores a snapshot written by <see cref="WriteTo(IBufferWriter{byte})"/> under the same plan.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, of another version, or shaped for another plan.</exception>
    public static EntityWindows ReadFrom(FeaturePlan plan, ReadOnlySpan<byte> data)
    {
        var r = new SnapshotReader(data);
        return ReadFrom(plan, ref r);
    }

    internal static EntityWindows ReadFrom(FeaturePlan plan, ref SnapshotReader r)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var state = new EntityWindows(plan);
        var version = r.ReadByte();
        if (version != SnapshotVersion)
        {
            throw new InvalidDataException($"window snapshot version {version} is not supported (expected {SnapshotVersion})");
        }

        if (r.ReadInt32() != state._width || r.ReadInt32() != plan.Windows.Length)
        {
            throw new InvalidDataException("window snapshot was written for another feature plan");
        }

        state.MaxEventTicks = r.ReadInt64();
        state.Accepted = r.ReadInt64();
        state.OutOfOrder = r.ReadInt64();
        state.LateAccepted = r.ReadInt64();
        state.LateRejected = r.ReadInt64();
        state.Truncated = r.ReadInt64();
        state._evicted = r.ReadInt64();
        var count = r.ReadInt32();
        if (count < 0 || count > plan.Capacity)
        {
            throw new InvalidDataException($"window snapshot holds {count} events, outside the capacity {plan.Capacity}");
        }

        var size = count == 0 ? 0 : Math.Min(plan.Capacity, Math.Max(InitialCapacity, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count)));
        state._times = new long[size];
        state._values = new float[size * state._width];
        state._count = count;
        r.Read(state._times.AsSpan(0, count));
        r.Read(state._values.AsSpan(0, count * state._width));
        for (var w = 0; w < plan.Windows.Length; w++)
        {
            if (!r.ReadBoolean())
            {
                continue;
            }

            var features = r.ReadInt32();
            if (features != plan.Windows[w].Features.Length)
            {
                throw new InvalidDataException("window snapshot was written for another feature plan");
            }

            var prefix = new WindowPrefix(features)
            {
                Bucket = r.ReadInt64(),
                Events = r.ReadInt64(),
                FirstTime = r.ReadInt64(),
                LastTime = r.ReadInt64(),
            };
            for (var f = 0; f < features; f++)
            {
                prefix.Features[f] = WindowAccumulator.Read(ref r);
            }

            state._prefixes[w] = prefix;
        }

        return state;
    }
}
