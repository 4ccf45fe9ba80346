namespace StreamML.GrainInterfaces;

/// <summary>
/// The labelled-example store of one model (keyed by model name): durable, bounded by count and by age, read by
/// retraining. Silos buffer joined labels locally and append them in bulk.
/// </summary>
[Alias("streamml.ILabelledExampleGrain")]
public interface ILabelledExampleGrain : IGrainWithStringKey
{
    /// <summary>Appends examples; the oldest beyond the bounds are evicted.</summary>
    Task<ExampleStoreStats> AppendAsync([Immutable] LabelledExample[] examples);

    /// <summary>The newest <paramref name="max"/> examples, oldest first.</summary>
    /// <param name="max">Most examples to return.</param>
    /// <param name="cancellationToken">Cancels the read before it starts.</param>
    Task<LabelledExample[]> GetNewestAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>What the store holds.</summary>
    Task<ExampleStoreStats> GetStatsAsync();

    /// <summary>
    /// Takes a drift detection: the model is retrained once <c>MinNewExamples</c> examples arrived after it, so the run
    /// learns from data after the change rather than before it. Later detections while one waits are folded into it.
    /// After a concept drift (the relation between features and labels changed), runs also try training on the examples
    /// from after the detection only (see <see cref="GetTrainingWindowAsync"/>). While a version is rolled out the run
    /// waits for the rollout's decision; a detection about a version that no longer serves by then is settled.
    /// </summary>
    /// <param name="reason">What was detected, the run's reason.</param>
    /// <param name="concept">Whether the relation between features and labels changed.</param>
    /// <param name="version">The model version whose traffic the detection is about.</param>
    Task OnDriftAsync(string reason, bool concept, int version);

    /// <summary>
    /// The examples a training run reads: the newest <paramref name="max"/>, oldest first, and how many of them arrived
    /// after the last concept drift (-1 when none is in force).
    /// </summary>
    /// <param name="max">Most examples to return.</param>
    /// <param name="cancellationToken">Cancels the read before it starts.</param>
    Task<TrainingWindow> GetTrainingWindowAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the last concept drift's boundary: a run found that the examples from before it still help, so later runs
    /// read the whole window again.
    /// </summary>
    Task ClearConceptBoundaryAsync();

    /// <summary>Persists the store now if it changed.</summary>
    Task FlushAsync();

    /// <summary>Removes every example of one entity and writes the store before answering.</summary>
    /// <param name="entityKey">The entity's <see cref="LabelledExample.EntityKey"/>.</param>
    /// <returns>How many examples were removed.</returns>
    Task<int> EraseEntityAsync(ulong entityKey);
}
