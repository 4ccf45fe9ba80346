using System.IO.Hashing;
using System.Text;
using StreamML.Core.Hashing;

namespace StreamML.Core.Tests.Hashing;

[Trait("Category", "BVT")]
public sealed class EntityHashTests
{
    [Fact]
    public void Hash64_EmptyString_IsXxHash64SeedZeroOfNoBytes()
    {
        // xxHash64 of zero bytes with seed 0 is 0xEF46DB3751D8E999 (the xxHash reference test vector).
        Assert.Equal(0xEF46DB3751D8E999UL, EntityHash.Hash64(string.Empty));
    }

    [Theory]
    [InlineData("meter-42")]
    [InlineData("ünïcødé-😀")]
    public void Hash64_MatchesXxHash64OfUtf8Bytes(string key)
    {
        Assert.Equal(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)), EntityHash.Hash64(key));
    }

    [Fact]
    public void Hash64_LongKey_UsesPooledBufferAndAgrees()
    {
        var key = new string('x', 5_000);
        Assert.Equal(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)), EntityHash.Hash64(key));
    }

    [Fact]
    public void CanaryBucket_SpreadsKeysOverAllBucketsEvenly()
    {
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            var bucket = EntityHash.CanaryBucket($"entity-{i}");
            Assert.InRange(bucket, 0, EntityHash.CanaryBuckets - 1);
            counts[bucket / 1_000]++;
        }

        // Each tenth of the bucket range should get about 10,000 keys; 5 standard deviations is about 475.
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Partition_RejectsZeroPartitions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EntityHash.Partition("a", 0));
    }
}
