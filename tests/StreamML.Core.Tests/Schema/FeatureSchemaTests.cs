using StreamML.Core.Schema;

namespace StreamML.Core.Tests.Schema;

[Trait("Category", "BVT")]
public sealed class FeatureSchemaTests
{
    private static FeatureSchema Valid() => new()
    {
        Features = [new() { Name = "price" }, new() { Name = "demand" }],
        Windows =
        [
            new() { Name = "last8", Kind = WindowKind.Sliding, Count = 8 },
            new() { Name = "hour", Kind = WindowKind.Tumbling, Duration = TimeSpan.FromHours(1) },
            new() { Name = "visit", Kind = WindowKind.Session, Gap = TimeSpan.FromMinutes(30) },
        ],
    };

    [Fact]
    public void Validate_ValidSchema_HasNoErrors() => Assert.Empty(Valid().Validate());

    [Fact]
    public void Validate_ListsEveryProblemAtOnce()
    {
        var schema = new FeatureSchema
        {
            Features = [new() { Name = "a" }, new() { Name = "a" }, new() { Name = "" }],
            Windows =
            [
                new() { Name = "w", Kind = WindowKind.Sliding },
                new() { Name = "w", Kind = WindowKind.Session, Count = 3 },
                new() { Name = "x", Kind = WindowKind.Tumbling, Count = 10_000, Features = ["nope"] },
            ],
            WindowCapacity = 1,
        };

        var errors = schema.Validate();

        Assert.Contains(errors, e => e.Contains("'a' is declared twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Features[2].Name must not be empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("needs exactly one of Count or Duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'w' is declared twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("session window needs a positive Gap", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'nope', which is not a declared feature", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("WindowCapacity must be between", StringComparison.Ordinal));
        Assert.True(errors.Count >= 8, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public void Hash_IsStableAcrossInstances() => Assert.Equal(Valid().Hash, Valid().Hash);

    [Fact]
    public void Hash_ChangesWithAnythingThatChangesTheVector()
    {
        var baseline = Valid().Hash;
        var reordered = Valid();
        (reordered.Features[0], reordered.Features[1]) = (reordered.Features[1], reordered.Features[0]);
        var resized = Valid();
        resized.Windows[0].Count = 9;
        var aggregates = Valid();
        aggregates.Windows[1].Aggregates |= WindowAggregates.Ewma;
        var noRaw = Valid();
        noRaw.IncludeRawValues = false;

        Assert.Equal(4, new[] { reordered.Hash, resized.Hash, aggregates.Hash, noRaw.Hash }.Distinct().Count(h => h != baseline));
    }

    [Fact]
    public void Hash_IgnoresValidationLimits()
    {
        var limits = Valid();
        limits.AllowedLateness = TimeSpan.FromHours(3);
        limits.MaxPayloadBytes = 10;
        Assert.Equal(Valid().Hash, limits.Hash);
    }
}
