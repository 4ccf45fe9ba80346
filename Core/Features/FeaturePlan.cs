using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Core.Features;

/// <summary>
/// A validated feature schema compiled for the hot path: the layout of the feature vector, the resolved feature
/// indices of every window, and what an entity must keep. Immutable and shared by every entity of the schema.
/// </summary>
/// <remarks>
/// Vector layout: the current event's raw values (when <see cref="FeatureSchema.IncludeRawValues"/>), then for each
/// window in declaration order, for each of its features in schema order, each aggregate in
/// <see cref="WindowAggregates"/> declaration order, named <c>{window}.{feature}.{aggregate}</c>; then, when
/// <see cref="FeatureSchema.LabelFeatures"/> is set, what the entity's labels revealed before the event
/// (<see cref="LabelColumns"/>).
/// </remarks>
public sealed class FeaturePlan
{
    private static readonly (WindowAggregates Flag, string Name)[] AggregateNames =
    [
        (WindowAggregates.Count, "count"),
        (WindowAggregates.Sum, "sum"),
        (WindowAggregates.Mean, "mean"),
        (WindowAggregates.Min, "min"),
        (WindowAggregates.Max, "max"),
        (WindowAggregates.Variance, "variance"),
        (WindowAggregates.Ewma, "ewma"),
        (WindowAggregates.Last, "last"),
        (WindowAggregates.TimeSinceLast, "time_since_last"),
        (WindowAggregates.Rate, "rate"),
        (WindowAggregates.Delta, "delta"),
    ];

    /// <summary>Names of the label columns, in vector order, when the schema asks for label features.</summary>
    public static readonly IReadOnlyList<string> LabelColumns = ["label.last", "label.ewma", "label.events_since"];

    private FeaturePlan(FeatureSchema schema, WindowPlan[] windows, string[] columns)
    {
        Schema = schema;
        Windows = windows;
        ColumnNames = columns;
        SchemaHash = schema.Hash;
        FeatureCount = schema.Features.Count;
        MaxOutOfOrdernessTicks = schema.MaxOutOfOrderness.Ticks;
        AllowedLatenessTicks = schema.AllowedLateness.Ticks;
        Capacity = schema.WindowCapacity;
        KeepOldCount = windows.Where(w => w.IsCountBased).Select(w => w.Count - 1).DefaultIfEmpty(0).Max();
        KeepOldTicks = windows.Where(w => w.Kind == WindowKind.Sliding && w.DurationTicks > 0).Select(w => w.DurationTicks).DefaultIfEmpty(0).Max();
        LabelOffset = schema.LabelFeatures ? columns.Length - LabelColumns.Count : -1;
        TaskKind = schema.Task.Kind();
    }

    /// <summary>The schema the plan was compiled from.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>What the schema's model predicts (see <see cref="ModelTaskKind"/>).</summary>
    public ModelTaskKind TaskKind { get; }

    /// <summary>The schema's hash (stored with every model version).</summary>
    public string SchemaHash { get; }

    /// <summary>Number of input features an event carries.</summary>
    public int FeatureCount { get; }

    /// <summary>Length of the feature vector.</summary>
    public int VectorLength => ColumnNames.Count;

    /// <summary>Name of each column of the feature vector.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Where the label columns start in the vector, or -1 when the schema has none.</summary>
    public int LabelOffset { get; }

    /// <summary>Most events an entity buffers.</summary>
    public int Capacity { get; }

    internal WindowPlan[] Windows { get; }

    internal long MaxOutOfOrdernessTicks { get; }

    internal long AllowedLatenessTicks { get; }

    /// <summary>Most events behind the lateness horizon a count window can still need (its size less one).</summary>
    internal int KeepOldCount { get; }

    /// <summary>How far behind the lateness horizon a sliding duration window can still reach.</summary>
    internal long KeepOldTicks { get; }

    /// <summary>Compiles a schema.</summary>
    /// <exception cref="ArgumentException">The schema is invalid; the message lists every problem.</exception>
    public static FeaturePlan Compile(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var problems = schema.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid feature schema: " + string.Join(" ", problems), nameof(schema));
        }

        var columns = new List<string>();
        if (schema.IncludeRawValues)
        {
            columns.AddRange(schema.Features.Select(f => f.Name));
        }

        var windows = new WindowPlan[schema.Windows.Count];
        for (var w = 0; w < windows.Length; w++)
        {
            var definition = schema.Windows[w];
            var features = definition.Features.Count == 0
                ? Enumerable.Range(0, schema.Features.Count).ToArray()
                : Enumerable.Range(0, schema.Features.Count).Where(i => definition.Features.Contains(schema.Features[i].Name)).ToArray();
            var aggregates = AggregateNames.Where(a => (definition.Aggregates & a.Flag) != 0).ToArray();
            windows[w] = new WindowPlan(definition, features, [.. aggregates.Select(a => a.Flag)], columns.Count);
            foreach (var f in features)
            {
                columns.AddRange(aggregates.Select(a => $"{definition.Name}.{schema.Features[f].Name}.{a.Name}"));
            }
        }

        if (schema.LabelFeatures)
        {
            columns.AddRange(LabelColumns);
        }

        return new FeaturePlan(schema, windows, [.. columns]);
    }
}
