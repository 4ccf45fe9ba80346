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

    /// <summary>Persists the store now if it changed.</summary>
    Task FlushAsync();
}
