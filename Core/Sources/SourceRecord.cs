using StreamML.Core.Events;

namespace StreamML.Core.Sources;

/// <summary>
/// One record read from a partition: either already decoded (the built-in generator) or a raw payload the pump
/// decodes and validates (Kafka, Event Hubs, Redis Streams, HTTP).
/// </summary>
public readonly record struct SourceRecord
{
    /// <summary>Position in the partition; strictly increasing within a partition.</summary>
    public long Offset { get; init; }

    /// <summary>
    /// The record's native position in the source when <see cref="Offset"/> alone cannot name it (a Redis stream id
    /// beyond what an offset encodes); the pump checkpoints it with the offset, and the source reopens after it. Null
    /// for every record whose offset says it all.
    /// </summary>
    public string? Position { get; init; }

    /// <summary>The raw payload (UTF-8 JSON of an event or a label); empty when <see cref="Event"/> or <see cref="Label"/> is set.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>A decoded event, when the source produces them directly.</summary>
    public StreamEvent? Event { get; init; }

    /// <summary>A decoded label, when the source produces them directly.</summary>
    public LabelEvent? Label { get; init; }

    /// <summary>Whether the raw payload is a label rather than an event (sources that keep labels on the same log set it).</summary>
    public bool IsLabel { get; init; }

    /// <summary>
    /// Whether the record did not come from a partitioned log (the HTTP ingest queue): its offset is only its place in
    /// memory, not a position a replay could come back to, so entities must not skip replays by it.
    /// </summary>
    public bool NotFromLog { get; init; }

    /// <summary>
    /// Whether the decoded <see cref="Event"/> or <see cref="Label"/> already went through the platform's
    /// <see cref="Privacy.Pseudonymiser"/> where it was decoded (the HTTP API), so the pump must not apply it again.
    /// </summary>
    public bool Pseudonymised { get; init; }
}
