namespace StreamML.GrainInterfaces;

/// <summary>The state of a model's retraining.</summary>
[GenerateSerializer]
[Alias("streamml.RetrainingStatus")]
[Immutable]
public sealed record RetrainingStatus
{
    /// <summary>Whether a training run is under way.</summary>
    [Id(0)] public bool Running { get; init; }

    /// <summary>Why the current or last run started.</summary>
    [Id(1)] public string? Reason { get; init; }

    /// <summary>Runs completed with a registered version.</summary>
    [Id(2)] public int Completed { get; init; }

    /// <summary>Runs that failed or were refused.</summary>
    [Id(3)] public int Failed { get; init; }

    /// <summary>The last error, if the last run failed.</summary>
    [Id(4)] public string? LastError { get; init; }

    /// <summary>The version the last successful run registered.</summary>
    [Id(5)] public int LastVersion { get; init; }

    /// <summary>Automatic requests skipped: too few new examples since the champion was trained.</summary>
    [Id(6)] public int Skipped { get; init; }

    /// <summary>Why the last run ended as it did (trained, rolled out, held back, skipped).</summary>
    [Id(7)] public string? LastOutcome { get; init; }

    /// <summary>Runs by what started them (bootstrap, drift, schedule, api…), counting those skipped.</summary>
    [Id(8)] public Dictionary<string, int> Triggers { get; init; } = [];

    /// <summary>Runs cancelled through <c>CancelAsync</c>.</summary>
    [Id(9)] public int Cancelled { get; init; }
}
