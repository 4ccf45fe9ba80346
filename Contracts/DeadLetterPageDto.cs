namespace StreamML.Contracts;

/// <summary>The answer of <c>GET /v1/deadletters</c>: a page of dead letters with the store's totals.</summary>
public sealed record DeadLetterPageDto
{
    /// <summary>The matching dead letters, oldest first.</summary>
    public IReadOnlyList<DeadLetterDto> Items { get; init; } = [];

    /// <summary>Dead letters ever received.</summary>
    public long Total { get; init; }

    /// <summary>Dead letters dropped from the store by its size bound (still counted in <see cref="Total"/>).</summary>
    public long Evicted { get; init; }

    /// <summary>Totals by reason since the store started.</summary>
    public IReadOnlyDictionary<string, long> ByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Pass as <c>after</c> to read the next page; absent when there is no more.</summary>
    public long? Next { get; init; }
}
