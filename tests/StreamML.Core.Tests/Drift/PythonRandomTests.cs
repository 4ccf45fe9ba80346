using StreamML.Core.Drift;

namespace StreamML.Core.Tests.Drift;

/// <summary>
/// Expected values printed by CPython 3.11.7's <c>random</c> module (e.g. <c>random.Random(42).getrandbits(32)</c>) and
/// by numpy 1.24.2's legacy <c>RandomState(12345).randint(0, 2**32, dtype=np.uint64)</c>; the calls are quoted per test.
/// </summary>
[Trait("Category", "BVT")]
public sealed class PythonRandomTests
{
    [Fact]
    public void GetRandBits_Seed42_MatchesCPython()
    {
        // [random.Random(42).getrandbits(32) for _ in range(3)]
        var random = PythonRandom.FromSeed(42);
        Assert.Equal([2746317213u, 478163327u, 107420369u], new[] { random.GetRandBits(32), random.GetRandBits(32), random.GetRandBits(32) });
    }

    [Theory]
    [InlineData(0L, 3626764237u)]
    [InlineData(-3L, 1022050301u)]
    public void FromSeed_ZeroAndNegative_MatchCPython(long seed, uint first)
    {
        // random.Random(0).getrandbits(32); random.Random(-3).getrandbits(32) (CPython seeds with |seed|).
        Assert.Equal(first, PythonRandom.FromSeed(seed).GetRandBits(32));
    }

    [Fact]
    public void FromSeed_MultiWordSeed_RandomAndBitsMatchCPython()
    {
        // r = random.Random(2**40 + 5); r.random(), r.getrandbits(7) → 0.5043802970418443, 34
        var random = PythonRandom.FromSeed((1L << 40) + 5);
        Assert.Equal(0.5043802970418443, random.NextDouble());
        Assert.Equal(34u, random.GetRandBits(7));
    }

    [Fact]
    public void SampleRange_PoolAlgorithm_MatchesCPython()
    {
        // random.Random(42).sample(range(70), 30): KSWIN's default draw (n = 70 ≤ set-size threshold 277).
        int[] expected = [14, 3, 35, 31, 28, 17, 13, 43, 47, 57, 34, 5, 37, 27, 2, 1, 58, 63, 69, 32, 38, 54, 67, 12, 45, 41, 59, 26, 51, 65];
        var result = new int[30];
        PythonRandom.FromSeed(42).SampleRange(70, result, new int[70], new bool[70]);
        Assert.Equal(expected, result);
        Assert.Equal(277, PythonRandom.SampleSetSize(30));
    }

    [Fact]
    public void SampleRange_SetAlgorithm_MatchesCPythonAndLeavesFlagsClear()
    {
        // r = random.Random(7); r.sample(range(500), 10); r.getrandbits(32) (n = 500 > threshold 85: rejection of repeats).
        var random = PythonRandom.FromSeed(7);
        var result = new int[10];
        var seen = new bool[500];
        random.SampleRange(500, result, new int[500], seen);
        Assert.Equal([165, 485, 77, 202, 333, 24, 37, 420, 274, 48], result);
        Assert.Equal(1570621944u, random.GetRandBits(32));
        Assert.DoesNotContain(true, seen);
    }

    [Fact]
    public void NextDouble_AfterChoices_MatchesCPython()
    {
        // r = random.Random(12345); r.choices([0, 1], k=8), r.random() → [0, 0, 1, 0, 0, 0, 1, 0], 0.12426688428353017
        var random = PythonRandom.FromSeed(12345);
        var choices = Enumerable.Range(0, 8).Select(_ => (int)Math.Floor(random.NextDouble() * 2.0)).ToArray();
        Assert.Equal([0, 0, 1, 0, 0, 0, 1, 0], choices);
        Assert.Equal(0.12426688428353017, random.NextDouble());
    }

    [Fact]
    public void FromNumpyLegacySeed_MatchesRandomState()
    {
        // np.random.RandomState(12345): first three 32-bit words 3992670690, 3823185381, 1358822685.
        var random = PythonRandom.FromNumpyLegacySeed(12345);
        Assert.Equal([3992670690u, 3823185381u, 1358822685u], new[] { random.NextUInt32(), random.NextUInt32(), random.NextUInt32() });
    }

    [Fact]
    public void WriteState_ReadState_ContinuesIdentically()
    {
        var original = PythonRandom.FromSeed(99);
        for (var i = 0; i < 1000; i++)
        {
            original.NextUInt32();
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.WriteState(writer);
        }

        stream.Position = 0;
        var restored = PythonRandom.FromSeed(1);
        using (var reader = new BinaryReader(stream))
        {
            restored.ReadState(reader);
        }

        for (var i = 0; i < 2000; i++)
        {
            Assert.Equal(original.NextUInt32(), restored.NextUInt32());
        }
    }
}
