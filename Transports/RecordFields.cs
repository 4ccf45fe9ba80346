namespace StreamML.Transports;

/// <summary>
/// The fields of a StreamML record on a log: the entry fields of a Redis stream, and (for the kind) the header of a
/// Kafka message.
/// </summary>
public static class RecordFields
{
    /// <summary>The payload: the event or label JSON, UTF-8.</summary>
    public const string Data = "d";

    /// <summary>The kind of record; <see cref="LabelKind"/> marks a label, anything else (or nothing) an event.</summary>
    public const string Kind = "k";

    /// <summary>The <see cref="Kind"/> value of labels.</summary>
    public const string LabelKind = "label";

    /// <summary>The <see cref="Kind"/> value producers write for events.</summary>
    public const string EventKind = "event";
}
