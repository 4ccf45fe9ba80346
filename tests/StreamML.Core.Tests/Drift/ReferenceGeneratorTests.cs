using StreamML.Core.Tests.Drift.Reference;

namespace StreamML.Core.Tests.Drift;

/// <summary>
/// The regenerated reference streams must equal the ones Python produces. Expected values were printed by CPython
/// 3.11.7 (<c>random</c>) and numpy 1.24.2 (legacy <c>np.random</c>, whose streams numpy keeps stable) running the
/// exact expressions quoted in <see cref="RiverStreams"/>.
/// </summary>
[Trait("Category", "BVT")]
public sealed class ReferenceGeneratorTests
{
    [Fact]
    public void PythonRandom_Seed12345Choices_MatchesCPython()
    {
        var s = RiverStreams.DocstringTwoDistributions();
        Assert.Equal([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0], s[..16]);
        Assert.Equal([4, 6, 7, 4, 6, 7, 5, 4, 6, 7, 7, 6, 4, 7, 5, 6], s[1000..1016]);
        Assert.Equal(5970, s.Sum());
    }

    [Fact]
    public void PythonRandom_Seed42WeightedChoices_MatchesCPython()
    {
        var s = RiverStreams.DocstringErrorRateRise();
        Assert.Equal([1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1], s[..16]);
        Assert.Equal([0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0], s[1000..1016]);
        Assert.Equal(1234, s.Sum());
    }

    [Fact]
    public void PythonRandom_Seed42FourSegments_MatchesCPython()
    {
        var s = RiverStreams.AdwinRegressionFourSegments();
        Assert.Equal(12041, s.Sum());
        Assert.Equal([7, 6, 6, 4, 4, 7, 5, 5, 7, 4], s[3000..3010]);
    }

    [Fact]
    public void PythonRandom_SeedWiderThan32Bits_MatchesCPython()
    {
        // random.Random(2**40 + 7): the seed spans two 32-bit key words.
        var rng = new PythonRandom((1UL << 40) + 7);
        Assert.Equal(0.6137037779936511, rng.Random());
        Assert.Equal(0.8149162973309487, rng.Random());
    }

    [Fact]
    public void NumpyRandInt_Seed12345_MatchesNumpy()
    {
        var s = RiverStreams.NumpyStream1();
        Assert.Equal([0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0], s[..16]);
        Assert.Equal([3, 4, 5, 5, 7, 1, 2, 4, 3, 1, 7, 0, 2, 2, 1, 1], s[1000..1016]);
        Assert.Equal(3985, s.Sum());
    }

    [Fact]
    public void NumpyBinomial_Seed12345_MatchesNumpy()
    {
        var s = RiverStreams.NumpyStream2();
        Assert.Equal([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0], s[..24]);
        Assert.Equal([1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1], s[1000..1016]);
        Assert.Equal(202, s[..1000].Sum());
        Assert.Equal(1000, s.Sum());
    }

    [Fact]
    public void NumpyNormal_Seed12345_MatchesNumpy()
    {
        var np = new NumpyRandomState(12345);
        Assert.Equal([-0.020470765948471296, 0.04789433380575483, -0.05194387150567381], np.Normal(0.0, 0.1, 3));

        var s = RiverStreams.NumpyStream3();
        Assert.Equal([0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0], s[..24]);
        Assert.Equal([246, 497, 231, 496], Enumerable.Range(0, 4).Select(i => s[(i * 500)..((i + 1) * 500)].Sum()));
    }
}
