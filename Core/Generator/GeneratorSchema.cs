using StreamML.Core.Schema;

namespace StreamML.Core.Generator;

/// <summary>The feature schema that fits the generator's meters; the embedded platform's default.</summary>
public static class GeneratorSchema
{
    /// <summary>The features every generated event carries, in vector order.</summary>
    public static IReadOnlyList<string> Features { get; } = ["power", "voltage", "temperature", "load"];

    /// <summary>Builds the default schema: raw readings, the last 16 readings of power and temperature, and power over the last minute.</summary>
    public static FeatureSchema Create(string model = "default") => new()
    {
        Model = model,
        Task = ModelTask.BinaryClassification,
        Features = [.. Features.Select(f => new FeatureDefinition { Name = f })],
        Windows =
        [
            new WindowDefinition
            {
                Name = "recent",
                Kind = WindowKind.Sliding,
                Count = 16,
                Features = ["power", "temperature"],
                Aggregates = WindowAggregates.Mean | WindowAggregates.Max | WindowAggregates.Variance | WindowAggregates.Last,
            },
            new WindowDefinition
            {
                Name = "minute",
                Kind = WindowKind.Sliding,
                Duration = TimeSpan.FromMinutes(1),
                Features = ["power"],
                Aggregates = WindowAggregates.Count | WindowAggregates.Mean | WindowAggregates.Max,
            },
        ],
    };

    /// <summary>
    /// Makes <paramref name="schema"/> the generator's when it declares no features: the generator's task, features and
    /// windows take over, while its model name and validation limits (lateness, payload size …) stay as configured.
    /// </summary>
    public static void ApplyWhenNoFeatures(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Features.Count > 0)
        {
            return;
        }

        var generator = Create(schema.Model);
        schema.Task = generator.Task;
        schema.Features = generator.Features;
        schema.Windows = generator.Windows;
        schema.IncludeRawValues = generator.IncludeRawValues;
        schema.LabelFeatures = generator.LabelFeatures;
        schema.LabelEwmaAlpha = generator.LabelEwmaAlpha;
    }
}
