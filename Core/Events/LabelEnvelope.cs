namespace StreamML.Core.Events;

/// <summary>A label with where the platform received it: the source partition and offset, for dead letters that point back to it.</summary>
/// <param name="Label">The decoded label.</param>
/// <param name="Partition">The source partition it was read from, or -1 when it did not come from a partitioned log.</param>
/// <param name="Offset">Its position in that partition; 0 when not from a log.</param>
public readonly record struct LabelEnvelope(LabelEvent Label, int Partition, long Offset)
{
    /// <summary>Wraps a label that did not come from a partitioned log (an API call, a file replay).</summary>
    public static LabelEnvelope NotFromLog(LabelEvent label) => new(label, -1, 0);
}
