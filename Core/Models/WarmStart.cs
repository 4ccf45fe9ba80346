namespace StreamML.Core.Models;

/// <summary>
/// The parent a training run continues from: its artefact (whose linear weights become the starting point), the
/// normalisation those weights were learnt under (kept, since the weights live in its normalised space), and the event
/// time of its newest training example (only newer examples are trained on).
/// </summary>
/// <param name="Trainer">The trainer that produced the parent; a parent of another kind is not continued.</param>
/// <param name="Artifact">The parent's ML.NET model zip.</param>
/// <param name="Normalization">The parent's frozen per-column statistics.</param>
/// <param name="TrainingEndTicks">Event time (UTC ticks) of the parent's newest training example.</param>
public sealed record WarmStart(
    TrainerKind Trainer,
    byte[] Artifact,
    IReadOnlyList<ColumnStatistics> Normalization,
    long TrainingEndTicks);
