using StreamML.Core.Events;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Pumps;

/// <summary>The result of decoding one record: exactly one of the three is set.</summary>
/// <param name="Event">A valid event, stamped with its partition, offset and ingest time.</param>
/// <param name="Label">A valid label.</param>
/// <param name="Rejected">Why the record could not be used.</param>
public readonly record struct DecodedRecord(StreamEvent? Event, LabelEvent? Label, DeadLetter? Rejected);
