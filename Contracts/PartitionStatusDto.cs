namespace StreamML.Contracts;

/// <summary>One source partition a silo pumps, as <c>GET /readyz</c> shows it.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="Read">Records read from it since the pump started.</param>
/// <param name="Checkpoint">The last checkpointed offset, when there is one.</param>
/// <param name="Lag">Events between the partition's checkpoint and the end of its log at the last measurement, when the source can tell.</param>
public sealed record PartitionStatusDto(string Source, int Partition, long Read, long? Checkpoint, long? Lag = null);
