using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace StreamML.Core.Hashing;

/// <summary>
/// Process-independent hashing of keys (xxHash64 of the UTF-8 bytes) for partitioning and canary buckets;
/// <c>string.GetHashCode()</c> is randomised per process and must never decide placement.
/// </summary>
public static class EntityHash
{
    /// <summary>Number of canary buckets an entity id falls into.</summary>
    public const int CanaryBuckets = 10_000;

    /// <summary>The 64-bit hash of <paramref name="key"/>.</summary>
    public static ulong Hash64(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[max];
            var n = Encoding.UTF8.GetBytes(key, buffer);
            return XxHash64.HashToUInt64(buffer[..n]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(key, rented);
            return XxHash64.HashToUInt64(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The partition in [0, <paramref name="partitions"/>) that owns <paramref name="key"/>.</summary>
    public static int Partition(string key, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return (int)(Hash64(key) % (ulong)partitions);
    }

    /// <summary>The canary bucket in [0, <see cref="CanaryBuckets"/>) of <paramref name="entity"/>: sticky for the entity's lifetime.</summary>
    public static int CanaryBucket(string entity) => (int)(Hash64(entity) % CanaryBuckets);
}
