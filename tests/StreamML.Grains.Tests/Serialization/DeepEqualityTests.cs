using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;

namespace StreamML.Grains.Tests.Serialization;

/// <summary>The comparison the wire-type round trips rely on finds what differs, wherever it sits, and only that.</summary>
[Trait("Category", "BVT")]
public sealed class DeepEqualityTests
{
    private static DriftReport Report(double? psi) => new()
    {
        Model = "m",
        Scope = "all",
        Signals = [new DriftSignal("power", "data", 10, 5, 0.1, null, false), new DriftSignal("load", "data", 10, 5, psi, 0.2, true)],
        Segments = ["north"],
    };

    [Fact]
    public void Differences_MemberDeepInACollection_NamesItsPath()
    {
        var differences = DeepEquality.Differences(Report(0.3), Report(0.4));

        Assert.Equal("value.Signals[1].Psi: expected 0.3, got 0.4", Assert.Single(differences));
    }

    [Fact]
    public void Differences_NaNBesideNaN_AreEqual()
    {
        var sample = new DriftSample { Values = [[float.NaN, 1f]], Scores = [float.NaN], Features = ["x"] };
        var same = new DriftSample { Values = [[float.NaN, 1f]], Scores = [float.NaN], Features = ["x"] };

        Assert.Empty(DeepEquality.Differences(sample, same));
        Assert.Empty(DeepEquality.Differences(Report(double.NaN), Report(double.NaN)));
    }

    [Fact]
    public void Differences_DictionaryEntriesAndLengths_AreReported()
    {
        var expected = new RolloutAudit { Action = "step", Actor = "auto", Reason = "r", Figures = new() { ["a"] = 1, ["b"] = 2 } };

        Assert.Equal(["value.Figures[b]: expected 2, got 3"], DeepEquality.Differences(expected, expected with { Figures = new() { ["a"] = 1, ["b"] = 3 } }));
        Assert.Equal(["value.Figures[b]: missing"], DeepEquality.Differences(expected, expected with { Figures = new() { ["a"] = 1, ["c"] = 2 } }));
        Assert.Single(DeepEquality.Differences(new DriftSample { Scores = [1f, 2f] }, new DriftSample { Scores = [1f] }));
        Assert.Single(DeepEquality.Differences(new DriftSample { Features = ["x"] }, null));
    }

    [Fact]
    public void Differences_Exceptions_CompareTypeMessageAndInner()
    {
        var expected = new ModelRefusedException("refused", new InvalidDataException("bad zip"));

        Assert.Empty(DeepEquality.Differences(expected, new ModelRefusedException("refused", new InvalidDataException("bad zip"))));
        Assert.Single(DeepEquality.Differences(expected, new ModelRefusedException("refused", new InvalidDataException("bad header"))));
        Assert.Single(DeepEquality.Differences(expected, new InvalidOperationException("refused")));
    }
}
