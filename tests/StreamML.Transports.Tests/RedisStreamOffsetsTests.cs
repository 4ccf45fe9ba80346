using StreamML.Transports.RedisStreams;

namespace StreamML.Transports.Tests;

[Trait("Category", "BVT")]
public sealed class RedisStreamOffsetsTests
{
    [Theory]
    [InlineData("0-0", 0L)]
    [InlineData("0-1", 1L)]
    [InlineData("1-0", 1L << 20)]
    [InlineData("1732500000000-7", (1732500000000L << 20) | 7)]
    [InlineData("1732500000000-1048575", (1732500000000L << 20) | 1048575)]
    public void ToOffset_KnownIds_MapsToShiftedValue(string id, long expected)
    {
        Assert.Equal(expected, RedisStreamOffsets.ToOffset(id));
        Assert.Equal(id, RedisStreamOffsets.ToId(expected));
    }

    [Fact]
    public void ToOffset_LaterIds_GiveLargerOffsets()
    {
        string[] ids = ["1-0", "1-1", "1-1048575", "2-0", "1732500000000-0", "1732500000000-5", "1732500000001-0"];

        var offsets = ids.Select(RedisStreamOffsets.ToOffset).ToArray();

        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(offsets.Length, offsets.Distinct().Count());
    }

    [Theory]
    [InlineData("1-1048576")]
    [InlineData("8796093022208-0")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("12-")]
    [InlineData("12-x")]
    public void ToOffset_IdsBeyondTheLimitsOrMalformed_Throw(string id)
    {
        Assert.Throws<FormatException>(() => RedisStreamOffsets.ToOffset(id));
    }

    [Fact]
    public void Limits_AreTheDocumentedOnes()
    {
        Assert.Equal(1_048_575, RedisStreamOffsets.MaxSequence);
        Assert.Equal(8_796_093_022_207, RedisStreamOffsets.MaxMilliseconds);
        Assert.Equal(long.MaxValue, RedisStreamOffsets.ToOffset($"{RedisStreamOffsets.MaxMilliseconds}-{RedisStreamOffsets.MaxSequence}"));
    }
}
