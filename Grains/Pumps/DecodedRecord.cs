using StreamML.Core.Events;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Pumps;

/// <summary>The result of decoding one record: exactly one of the three is set.</summary>
/// <param name="Event">A valid event, in an envelope with its partition, offset and ingest time.</param>
/// <param name="Label">A valid label, in an envelope with its partition and offset.</param>
/// <param name="Rejected">Why the record could not be used.</param>
public readonly record struct DecodedRecord(EventEnvelope? Event, LabelEnvelope? Label, DeadLetter? Rejected)
{
    /// <summary>The entity the event or label belongs to; null for a rejected record.</summary>
    public string? Entity => Event?.Event.Entity ?? Label?.Label.Entity;
}
