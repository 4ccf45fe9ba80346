namespace StreamML.Contracts;

/// <summary>The JSON body a webhook receives for each notification.</summary>
public sealed record AlertWebhookPayload
{
    /// <summary>firing or resolved.</summary>
    public required string Event { get; init; }

    /// <summary>Whether this repeats an earlier firing notification of the same alert.</summary>
    public bool Repeat { get; init; }

    /// <summary>The alert.</summary>
    public required AlertDto Alert { get; init; }
}
