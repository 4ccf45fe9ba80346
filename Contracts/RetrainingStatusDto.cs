namespace StreamML.Contracts;

/// <summary>The state of a model's retraining as the HTTP API shows it.</summary>
public sealed record RetrainingStatusDto
{
    /// <summary>Whether a training run is under way.</summary>
    public bool Running { get; init; }

    /// <summary>Why the current or last run started.</summary>
    public string? Reason { get; init; }

    /// <summary>Runs completed with a registered version.</summary>
    public int Completed { get; init; }

    /// <summary>Runs that failed or were refused.</summary>
    public int Failed { get; init; }

    /// <summary>The last error, if the last run failed.</summary>
    public string? LastError { get; init; }

    /// <summary>The version the last successful run registered.</summary>
    public int LastVersion { get; init; }

    /// <summary>Automatic requests skipped: too few new examples since the champion was trained.</summary>
    public int Skipped { get; init; }

    /// <summary>Why the last run ended as it did (trained, rolled out, held back, skipped).</summary>
    public string? LastOutcome { get; init; }

    /// <summary>Runs by what started them (bootstrap, drift, schedule, api…), counting those skipped.</summary>
    public IReadOnlyDictionary<string, int> Triggers { get; init; } = new Dictionary<string, int>();

    /// <summary>Runs cancelled through a cancel request.</summary>
    public int Cancelled { get; init; }
}
