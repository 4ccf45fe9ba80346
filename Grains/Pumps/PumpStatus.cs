namespace StreamML.Grains.Pumps;

/// <summary>The state of one partition pump.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="RecordsRead">Records read since the pump started.</param>
/// <param name="Checkpoint">The last checkpointed offset.</param>
/// <param name="SourceFailing">Whether the source is failing right now.</param>
/// <param name="Completed">Whether a finite partition has been fully applied and checkpointed.</param>
/// <param name="Faulted">Whether the pump stopped with an error.</param>
public sealed record PumpStatus(int Partition, long RecordsRead, long? Checkpoint, bool SourceFailing, bool Completed, bool Faulted);
