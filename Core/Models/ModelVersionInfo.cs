using StreamML.Core.Schema;

namespace StreamML.Core.Models;

/// <summary>
/// The metadata of one immutable model version: what it was trained for, on what, how well it did, and the hash of
/// its artefact. Only <see cref="Status"/> changes after registration.
/// </summary>
public sealed record ModelVersionInfo
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Version number, from 1, increasing by one per registration.</summary>
    public required int Version { get; init; }

    /// <summary>Hash of the feature schema the model was trained under.</summary>
    public required string SchemaHash { get; init; }

    /// <summary>What the model predicts.</summary>
    public required ModelTask Task { get; init; }

    /// <summary>The trainer that produced it (for example FastTree).</summary>
    public required string Trainer { get; init; }

    /// <summary>Feature column names in vector order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>When the version was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

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

    /// <summary>Lifecycle status.</summary>
    public ModelStatus Status { get; init; }

    /// <summary>Lower-case hex SHA-256 of the artefact bytes; a mismatch on load means the artefact is corrupt.</summary>
    public required string ArtifactSha256 { get; init; }

    /// <summary>Per-column statistics of the training data, frozen for normalisation at scoring time.</summary>
    public required IReadOnlyList<ColumnStatistics> Normalization { get; init; }

    /// <summary>Why it was trained (bootstrap, drift, schedule, request, online).</summary>
    public string Reason { get; init; } = "bootstrap";
}
