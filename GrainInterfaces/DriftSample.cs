namespace StreamML.GrainInterfaces;

/// <summary>
/// What one silo saw of one model's traffic in one scope since its last report: sampled feature values and scores,
/// and the error stream of joined labels, sent about once a second by the silo's drift aggregator.
/// </summary>
[GenerateSerializer]
[Alias("streamml.DriftSample")]
[Immutable]
public sealed record DriftSample
{
    /// <summary>The model version that served these events.</summary>
    [Id(0)] public int Version { get; init; }

    /// <summary>Feature names, in the order of <see cref="Values"/>.</summary>
    [Id(1)] public string[] Features { get; init; } = [];

    /// <summary>Sampled values, one array per feature.</summary>
    [Id(2)] public float[][] Values { get; init; } = [];

    /// <summary>Sampled scores (probabilities for classifiers).</summary>
    [Id(3)] public float[] Scores { get; init; } = [];

    /// <summary>Errors of joined labels in arrival order: 1 wrong, 0 right (absolute error for regression).</summary>
    [Id(4)] public float[] Errors { get; init; } = [];

    /// <summary>Events this sample stands for (before sampling).</summary>
    [Id(5)] public long Events { get; init; }

    /// <summary>Segments this silo has seen (reported to the model's <c>all</c> scope, so it can list them).</summary>
    [Id(6)] public string[] Segments { get; init; } = [];
}
