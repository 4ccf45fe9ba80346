namespace StreamML.Contracts;

/// <summary>One model version with its training figures and its live figures.</summary>
public sealed record VersionDto
{
    /// <summary>The version number.</summary>
    public int Version { get; init; }

    /// <summary>candidate, shadow, canary, champion or retired.</summary>
    public required string Status { get; init; }

    /// <summary>The trainer.</summary>
    public string? Trainer { get; init; }

    /// <summary>Why it was trained.</summary>
    public string? Reason { get; init; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Examples it was trained on.</summary>
    public long TrainingExamples { get; init; }

    /// <summary>The champion it was trained to replace.</summary>
    public int? ParentVersion { get; init; }

    /// <summary>Figures on held-out data at training time.</summary>
    public IReadOnlyDictionary<string, double> TrainingMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Live figures on labelled traffic it served (windowed); empty when it served none.</summary>
    public IReadOnlyDictionary<string, double> Live { get; init; } = new Dictionary<string, double>();

    /// <summary>Live figures of its shadow predictions (windowed); empty when it was never in shadow.</summary>
    public IReadOnlyDictionary<string, double> LiveShadow { get; init; } = new Dictionary<string, double>();
}
