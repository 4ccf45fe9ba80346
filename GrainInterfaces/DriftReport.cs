namespace StreamML.GrainInterfaces;

/// <summary>The drift state of one model in one scope.</summary>
[GenerateSerializer]
[Alias("streamml.DriftReport")]
[Immutable]
public sealed record DriftReport
{
    /// <summary>The model.</summary>
    [Id(0)] public required string Model { get; init; }

    /// <summary><c>all</c>, or a segment value.</summary>
    [Id(1)] public required string Scope { get; init; }

    /// <summary>The model version watched (its traffic is the reference).</summary>
    [Id(2)] public int Version { get; init; }

    /// <summary>Events reported so far.</summary>
    [Id(3)] public long Events { get; init; }

    /// <summary>Labelled errors fed to the concept detector for this version.</summary>
    [Id(4)] public long Errors { get; init; }

    /// <summary>The latest figures per signal.</summary>
    [Id(5)] public DriftSignal[] Signals { get; init; } = [];

    /// <summary>Recent detections, newest last (bounded).</summary>
    [Id(6)] public DriftEvent[] Detections { get; init; } = [];

    /// <summary>Segments seen (in the <c>all</c> scope).</summary>
    [Id(7)] public string[] Segments { get; init; } = [];

    /// <summary>
    /// Where the features' reference comes from: <c>training</c> (the version's training window in the example
    /// store) or <c>served</c> (the first traffic the version scored). The score's reference is always served traffic.
    /// </summary>
    [Id(8)] public string Reference { get; init; } = "served";
}

/// <summary>The latest figures of one signal.</summary>
[GenerateSerializer]
[Alias("streamml.DriftSignal")]
[Immutable]
public sealed record DriftSignal(
    [property: Id(0)] string Signal,
    [property: Id(1)] string Kind,
    [property: Id(2)] int ReferenceCount,
    [property: Id(3)] int CurrentCount,
    [property: Id(4)] double? Psi,
    [property: Id(5)] double? JensenShannon,
    [property: Id(6)] bool Drift);

/// <summary>One detection with the figures that decided it; <see cref="Sequence"/> orders them per model and scope.</summary>
[GenerateSerializer]
[Alias("streamml.DriftEvent")]
[Immutable]
public sealed record DriftEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Model,
    [property: Id(2)] string Scope,
    [property: Id(3)] int Version,
    [property: Id(4)] string Kind,
    [property: Id(5)] string Signal,
    [property: Id(6)] string Statistic,
    [property: Id(7)] double Value,
    [property: Id(8)] double? Threshold,
    [property: Id(9)] double? JensenShannon,
    [property: Id(10)] long Index,
    [property: Id(11)] DateTimeOffset At);
