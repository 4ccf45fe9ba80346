using StreamML.Core.Metrics;
using StreamML.Core.Schema;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="MetricAggregate"/>.</summary>
[GenerateSerializer]
[Alias("streamml.MetricAggregate")]
public struct MetricAggregateSurrogate
{
    /// <summary>Task.</summary>
    [Id(0)] public ModelTask Task;

    /// <summary>Count.</summary>
    [Id(1)] public long Count;

    /// <summary>Correct predictions.</summary>
    [Id(2)] public long Correct;

    /// <summary>Log-loss sum.</summary>
    [Id(3)] public double LogLossSum;

    /// <summary>Absolute error sum.</summary>
    [Id(4)] public double AbsoluteErrorSum;

    /// <summary>Squared error sum.</summary>
    [Id(5)] public double SquaredErrorSum;

    /// <summary>Positives per probability bin, or null.</summary>
    [Id(6)] public long[]? Positives;

    /// <summary>Negatives per probability bin, or null.</summary>
    [Id(7)] public long[]? Negatives;

    /// <summary>Predictions the log-loss sum covers.</summary>
    [Id(8)] public long LogLossCount;

    /// <summary>Multiclass: the classes with AUC histograms, or null.</summary>
    [Id(9)] public int[]? AucClasses;

    /// <summary>Multiclass: each class's positives per probability bin, in <see cref="AucClasses"/> order.</summary>
    [Id(10)] public long[][]? ClassPositives;

    /// <summary>Multiclass: each class's negatives per probability bin, in <see cref="AucClasses"/> order.</summary>
    [Id(11)] public long[][]? ClassNegatives;
}

/// <summary>Converts <see cref="MetricAggregate"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class MetricAggregateConverter : IConverter<MetricAggregate, MetricAggregateSurrogate>
{
    /// <inheritdoc />
    public MetricAggregate ConvertFromSurrogate(in MetricAggregateSurrogate s) =>
        MetricAggregate.FromParts(
            s.Task, s.Count, s.Correct, s.LogLossSum, s.AbsoluteErrorSum, s.SquaredErrorSum, s.Positives, s.Negatives, s.LogLossCount,
            s.AucClasses is { Length: > 0 } classes && s.ClassPositives is { } positives && s.ClassNegatives is { } negatives
                ? classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (positives[x.i], negatives[x.i]))
                : null);

    /// <inheritdoc />
    public MetricAggregateSurrogate ConvertToSurrogate(in MetricAggregate value) => new()
    {
        Task = value.Task,
        Count = value.Count,
        Correct = value.Correct,
        LogLossSum = value.LogLossSum,
        LogLossCount = value.LogLossCount,
        AucClasses = value.ClassBins.Count == 0 ? null : [.. value.ClassBins.Keys],
        ClassPositives = value.ClassBins.Count == 0 ? null : [.. value.ClassBins.Values.Select(b => b.Positives.ToArray())],
        ClassNegatives = value.ClassBins.Count == 0 ? null : [.. value.ClassBins.Values.Select(b => b.Negatives.ToArray())],
        AbsoluteErrorSum = value.AbsoluteErrorSum,
        SquaredErrorSum = value.SquaredErrorSum,
        Positives = value.Positives.IsEmpty ? null : value.Positives.ToArray(),
        Negatives = value.Negatives.IsEmpty ? null : value.Negatives.ToArray(),
    };
}
