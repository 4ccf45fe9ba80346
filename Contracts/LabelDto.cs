namespace StreamML.Contracts;

/// <summary>One label as <c>POST /v1/labels</c> takes it (the body is an array of them).</summary>
public sealed record LabelDto
{
    /// <summary>The id of the labelled event.</summary>
    public required string Id { get; init; }

    /// <summary>The entity of that event.</summary>
    public required string Entity { get; init; }

    /// <summary>The observed outcome (a number; <c>true</c> and <c>false</c> are taken as 1 and 0 on the wire).</summary>
    public double Label { get; init; }

    /// <summary>When the outcome was observed; the platform's receiving time when absent.</summary>
    public DateTimeOffset? Time { get; init; }
}
