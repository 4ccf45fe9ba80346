namespace StreamML.Client;

/// <summary>An event to send: an entity, its feature values and, optionally, an id, an event time and a segment.</summary>
/// <param name="Entity">The entity the event belongs to.</param>
/// <param name="Features">Feature values by name.</param>
/// <param name="Id">The event id (labels join by it); the platform assigns one when null.</param>
/// <param name="Time">Event time; the platform's receiving time when null.</param>
/// <param name="Segment">Optional segment (for example a region).</param>
public sealed record EventRequest(
    string Entity,
    IReadOnlyDictionary<string, double> Features,
    string? Id = null,
    DateTimeOffset? Time = null,
    string? Segment = null);
