namespace StreamML.Core.Events;

/// <summary>
/// An event with where and when the platform received it: the source partition and offset its entity skips replays by,
/// and the ingest time end-to-end latency starts from. The event itself never changes after decoding.
/// </summary>
/// <param name="Event">The decoded event.</param>
/// <param name="Partition">The source partition it was read from, or -1 when it did not come from a partitioned log.</param>
/// <param name="Offset">Its position in that partition (replays at or below an applied offset are skipped); 0 when not from a log.</param>
/// <param name="IngestTicks">When the platform received it (UTC ticks), 0 when unknown.</param>
public readonly record struct EventEnvelope(StreamEvent Event, int Partition, long Offset, long IngestTicks)
{
    /// <summary>Wraps an event that did not come from a partitioned log (a file replay, a test), its ingest time unknown.</summary>
    public static EventEnvelope NotFromLog(StreamEvent e) => new(e, -1, 0, 0);

    /// <summary>Wraps an event that did not come from a partitioned log (an API call): nothing to skip replays by.</summary>
    public static EventEnvelope NotFromLog(StreamEvent e, long ingestTicks) => new(e, -1, 0, ingestTicks);

    /// <summary>Whether the event came from a partitioned log, so its offset identifies a replay.</summary>
    public bool IsFromLog => Partition >= 0;
}
