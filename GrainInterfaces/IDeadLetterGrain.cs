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
    /// <param name="reason">The reason to keep, or null for every reason.</param>
    /// <param name="after">The id after which to read.</param>
    /// <param name="limit">Most entries to return (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancels the query before it starts.</param>
    Task<DeadLetterPage> QueryAsync(string? reason, long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes every dead letter of one entity (its <see cref="DeadLetter.Entity"/>, or a kept payload that holds the id
    /// as a JSON string) and writes the store before answering.
    /// </summary>
    /// <param name="entity">The entity as the platform keeps it (its pseudonym when pseudonymising).</param>
    /// <returns>How many dead letters were removed.</returns>
    Task<int> EraseEntityAsync(string entity);
}
