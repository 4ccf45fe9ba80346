namespace StreamML.Contracts;

/// <summary>The registry's record of one model version, as <c>GET /v1/models</c> lists it.</summary>
public sealed record ModelVersionSummaryDto
{
    /// <summary>Version number, from 1.</summary>
    public int Version { get; init; }

    /// <summary>Lifecycle status: candidate, shadow, canary, champion or retired.</summary>
    public required string Status { get; init; }

    /// <summary>The trainer that produced it.</summary>
    public required string Trainer { get; init; }

    /// <summary>Why it was trained (bootstrap, drift, schedule, request, online).</summary>
    public required string Reason { get; init; }

    /// <summary>When the version was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Event time of the oldest training example.</summary>
    public DateTimeOffset? TrainingStart { get; init; }

    /// <summary>Event time of the newest training example.</summary>
    public DateTimeOffset? TrainingEnd { get; init; }

    /// <summary>Number of examples trained on.</summary>
    public long TrainingExamples { get; init; }

    /// <summary>Evaluation figures on held-out data (auc, accuracy, log_loss, rmse, mae …).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The version this one was trained to replace, if any.</summary>
    public int? ParentVersion { get; init; }

    /// <summary>Hash of the feature schema it was trained under.</summary>
    public required string SchemaHash { get; init; }

    /// <summary>Lower-case hex SHA-256 of the artefact.</summary>
    public required string ArtifactSha256 { get; init; }
}
