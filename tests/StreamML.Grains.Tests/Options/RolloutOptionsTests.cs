using StreamML.Grains.Options;

namespace StreamML.Grains.Tests.Options;

[Trait("Category", "BVT")]
public sealed class RolloutOptionsTests
{
    private static IEnumerable<string> Problems(RolloutOptions options) => new RolloutOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_HaveNoProblemAndTheRatioGuardOn()
    {
        var options = new RolloutOptions();

        Assert.Empty(Problems(options));
        Assert.Equal(1.5, options.MaxLatencyRatio);
        Assert.Equal(TimeSpan.Zero, options.MaxP99);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1.2)]
    [InlineData(3)]
    public void Validate_UsableLatencyRatio_Accepted(double ratio) =>
        Assert.Empty(Problems(new RolloutOptions { MaxLatencyRatio = ratio, MaxP99 = TimeSpan.FromMilliseconds(5) }));

    [Fact]
    public void Validate_LatencyOptionsWithOthers_ListsEveryProblemAtOnce()
    {
        var options = new RolloutOptions
        {
            MaxLatencyRatio = 0.8,
            MaxP99 = TimeSpan.FromMilliseconds(-1),
            MinLatencySamples = 0,
            Margin = 2,
            MaxMissRate = 1.5,
        };

        var problems = Problems(options).ToList();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Model.Rollout.MaxLatencyRatio", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Model.Rollout.MaxP99", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Model.Rollout.MinLatencySamples", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Model.Rollout.Margin", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Model.Rollout.MaxErrorRate and MaxMissRate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1)]
    public void Validate_UnusableLatencyRatio_Refused(double ratio) =>
        Assert.Single(Problems(new RolloutOptions { MaxLatencyRatio = ratio }));

    [Fact]
    public void Validate_MaxP99AboveAMinute_Refused() =>
        Assert.Single(Problems(new RolloutOptions { MaxP99 = TimeSpan.FromMinutes(2) }));
}
