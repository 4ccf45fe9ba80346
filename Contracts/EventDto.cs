namespace StreamML.Contracts;

/// <summary>One event as <c>POST /v1/events</c> and <c>POST /v1/score</c> take it (the body is an array of them).</summary>
public sealed record EventDto
{
    /// <summary>The event id, which labels join by; the platform assigns one when it is absent.</summary>
    public string? Id { get; init; }

    /// <summary>The entity the event belongs to (its partition key).</summary>
    public required string Entity { get; init; }

    /// <summary>Event time (ISO-8601, or epoch milliseconds on the wire); the platform's receiving time when absent.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Feature values by name; every feature of the model's schema, and no other.</summary>
    public required IReadOnlyDictionary<string, double> Features { get; init; }

    /// <summary>An optional segment (for example a region) that drift is also watched in.</summary>
    public string? Segment { get; init; }
}
