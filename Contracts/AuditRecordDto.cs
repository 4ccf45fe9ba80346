namespace StreamML.Contracts;

/// <summary>One entry of the silo's audit log: who did what to which target, and when.</summary>
public sealed record AuditRecordDto
{
    /// <summary>When it was done.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The caller: an API key's name, a token's user or application, or <c>api</c> for an open silo's anonymous caller.</summary>
    public required string Caller { get; init; }

    /// <summary>
    /// What was done: <c>rollout.start</c>, <c>rollout.promote</c>, <c>rollout.rollback</c>, <c>retrain.request</c>,
    /// <c>retrain.cancel</c>, <c>entity.erase</c> or <c>admin.request</c> (any request made with the admin role).
    /// </summary>
    public required string Action { get; init; }

    /// <summary>What it was done to: a model's name, an entity (as the start of its id's SHA-256), or a request's method and path.</summary>
    public required string Target { get; init; }

    /// <summary>The particulars (the version rolled out, the reason given), when there are any.</summary>
    public string? Detail { get; init; }
}
