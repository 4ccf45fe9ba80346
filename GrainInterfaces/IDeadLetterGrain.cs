namespace StreamML.GrainInterfaces;

/// <summary>
/// The dead-letter store (key 0): a bounded, persisted log of everything the platform could not use, with counts by
/// reason. Silos batch dead letters locally and append them in bulk.
/// </summary>
[Alias("streamml.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithIntegerKey
{
    /// <summary>Appends a batch; the oldest entries beyond the bound are evicted (and counted).</summary>
    Task AppendAsync([Immutable] DeadLetter[] batch);

    /// <summary>Reads entries with an id greater than <paramref name="after"/>, optionally of one reason.</summary>
    Task<DeadLetterPage> QueryAsync(string? reason, long after, int limit);
}
