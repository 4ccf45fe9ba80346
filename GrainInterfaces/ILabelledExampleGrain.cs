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
    Task<LabelledExample[]> GetNewestAsync(int max);

    /// <summary>What the store holds.</summary>
    Task<ExampleStoreStats> GetStatsAsync();

    /// <summary>
    /// Takes a drift detection: the model is retrained once <c>MinNewExamples</c> examples arrived after it, so the run
    /// learns from data after the change rather than before it. Later detections while one waits are folded into it.
    /// After a concept drift (the relation between features and labels changed), training no longer reads the examples
    /// from before the detection, when <c>ForgetBeforeConceptDrift</c> is set.
    /// </summary>
    Task OnDriftAsync(string reason, bool concept);

    /// <summary>
    /// The examples a training run reads, oldest first: the newest <paramref name="max"/>, without those from before the
    /// last concept drift (but never fewer than <c>MinNewExamples</c> while the store holds them).
    /// </summary>
    Task<LabelledExample[]> GetTrainingWindowAsync(int max);

    /// <summary>Persists the store now if it changed.</summary>
    Task FlushAsync();
}
