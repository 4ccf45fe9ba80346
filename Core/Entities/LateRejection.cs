namespace StreamML.Core.Entities;

/// <summary>An event refused as later than its entity's allowed lateness, with what the dead letter that reports it says.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Entity">The event's entity.</param>
/// <param name="EventTicks">The event's time (UTC ticks).</param>
/// <param name="LimitTicks">The earliest event time the entity still took: its watermark less the allowed lateness (UTC ticks).</param>
/// <param name="Partition">The source partition, or -1 when the event did not come from a log.</param>
/// <param name="Offset">The offset in that partition.</param>
public readonly record struct LateRejection(string EventId, string Entity, long EventTicks, long LimitTicks, int Partition, long Offset);
