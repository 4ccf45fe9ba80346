namespace StreamML.Contracts;

/// <summary>The drift state of one model in one scope.</summary>
public sealed record DriftScopeDto
{
    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary><c>all</c>, or a segment value.</summary>
    public required string Scope { get; init; }

    /// <summary>The model version watched (its traffic is the reference).</summary>
    public int Version { get; init; }

    /// <summary>Events reported so far.</summary>
    public long Events { get; init; }

    /// <summary>Labelled errors fed to the concept detector for this version.</summary>
    public long Errors { get; init; }

    /// <summary>The latest figures per signal.</summary>
    public IReadOnlyList<DriftSignalDto> Signals { get; init; } = [];

    /// <summary>Recent detections, newest last.</summary>
    public IReadOnlyList<DriftDetectionDto> Detections { get; init; } = [];

    /// <summary>Segments seen (in the <c>all</c> scope).</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Where the features' reference comes from: <c>training</c> or <c>served</c>.</summary>
    public required string Reference { get; init; }
}
