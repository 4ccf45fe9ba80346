using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace StreamML.Core.Serialization;

/// <summary>
/// Writes little-endian primitives straight into an <see cref="IBufferWriter{T}"/>: the snapshot format of entity
/// state, built for the write-behind path where thousands of entities are serialised at once.
/// </summary>
public ref struct SnapshotWriter
{
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _used;

    /// <summary>Creates a writer over <paramref name="output"/>; call <see cref="Flush"/> when done.</summary>
    public SnapshotWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan(256);
        _used = 0;
    }

    /// <summary>Writes a byte.</summary>
    public void Write(byte value) => Reserve(1)[0] = value;

    /// <summary>Writes a boolean as one byte.</summary>
    public void Write(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes an int.</summary>
    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    /// <summary>Writes a long.</summary>
    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    /// <summary>Writes a float.</summary>
    public void Write(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);

    /// <summary>Writes a double.</summary>
    public void Write(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    /// <summary>Writes a length-prefixed UTF-8 string.</summary>
    public void Write(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Write(length);
        Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    /// <summary>Writes floats.</summary>
    public void Write(ReadOnlySpan<float> values)
    {
        var target = Reserve(values.Length * 4);
        if (BitConverter.IsLittleEndian)
        {
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(target);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(target[(i * 4)..], values[i]);
        }
    }

    /// <summary>Writes longs.</summary>
    public void Write(ReadOnlySpan<long> values)
    {
        var target = Reserve(values.Length * 8);
        if (BitConverter.IsLittleEndian)
        {
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(target);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(target[(i * 8)..], values[i]);
        }
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Commits what was written to the underlying buffer writer.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            _output.Advance(_used);
            _used = 0;
            _span = default;
        }
    }

    private Span<byte> Reserve(int size)
    {
        if (_span.Length - _used < size)
        {
            Flush();
            _span = _output.GetSpan(Math.Max(size, 4_096));
        }

        var slice = _span.Slice(_used, size);
        _used += size;
        return slice;
    }
}
