using StreamML.Core.Schema;

namespace StreamML.Core.Features;

/// <summary>One window of a compiled plan: its shape, the schema indices of its features, and its aggregates in column order.</summary>
internal sealed class WindowPlan
{
    public WindowPlan(WindowDefinition definition, int[] features, WindowAggregates[] aggregates, int firstColumn)
    {
        Definition = definition;
        Kind = definition.Kind;
        Count = definition.Count ?? 0;
        DurationTicks = definition.Duration?.Ticks ?? 0;
        GapTicks = definition.Gap?.Ticks ?? 0;
        Features = features;
        Aggregates = aggregates;
        FirstColumn = firstColumn;
        Alpha = definition.EwmaAlpha;
        var flags = definition.Aggregates;
        NeedsWelford = (flags & WindowAggregates.Variance) != 0;
        NeedsEwma = (flags & WindowAggregates.Ewma) != 0;
    }

    public WindowDefinition Definition { get; }

    public WindowKind Kind { get; }

    /// <summary>Size in events (count windows), else 0.</summary>
    public int Count { get; }

    /// <summary>Size in ticks (duration windows), else 0.</summary>
    public long DurationTicks { get; }

    /// <summary>Session gap in ticks (session windows), else 0.</summary>
    public long GapTicks { get; }

    public bool IsCountBased => Count > 0;

    /// <summary>Schema indices of the aggregated features.</summary>
    public int[] Features { get; }

    /// <summary>The aggregates, in output order.</summary>
    public WindowAggregates[] Aggregates { get; }

    /// <summary>Index of the window's first column in the vector.</summary>
    public int FirstColumn { get; }

    public double Alpha { get; }

    public bool NeedsWelford { get; }

    public bool NeedsEwma { get; }

    /// <summary>Whether events this window still needs can be folded into a running prefix (tumbling on time, sessions) rather than kept.</summary>
    public bool FoldsPrefix => Kind == WindowKind.Session || (Kind == WindowKind.Tumbling && DurationTicks > 0);
}
