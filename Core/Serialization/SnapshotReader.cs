using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace StreamML.Core.Serialization;

/// <summary>Reads what <see cref="SnapshotWriter"/> wrote; running past the end throws <see cref="InvalidDataException"/>.</summary>
public ref struct SnapshotReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Reads a byte.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean() => Take(1)[0] != 0;

    /// <summary>Reads an int.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a long.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads a float.</summary>
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a double.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    public string ReadString()
    {
        var length = ReadInt32();
        if (length < 0)
        {
            throw new InvalidDataException("snapshot holds a negative string length");
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Reads floats into <paramref name="target"/>.</summary>
    public void Read(Span<float> target)
    {
        var source = Take(target.Length * 4);
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(target));
            return;
        }

        for (var i = 0; i < target.Length; i++)
        {
            target[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
        }
    }

    /// <summary>Reads longs into <paramref name="target"/>.</summary>
    public void Read(Span<long> target)
    {
        var source = Take(target.Length * 8);
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(target));
            return;
        }

        for (var i = 0; i < target.Length; i++)
        {
            target[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(i * 8)..]);
        }
    }

    /// <summary>Reads <paramref name="length"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadRaw(int length)
    {
        if (length < 0)
        {
            throw new InvalidDataException("snapshot holds a negative length");
        }

        return Take(length);
    }

    private ReadOnlySpan<byte> Take(int size)
    {
        if (size > _data.Length - _position)
        {
            throw new InvalidDataException("snapshot is truncated");
        }

        var slice = _data.Slice(_position, size);
        _position += size;
        return slice;
    }
}
