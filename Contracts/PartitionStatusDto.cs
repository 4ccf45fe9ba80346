namespace StreamML.Contracts;

/// <summary>One source partition a silo pumps, as <c>GET /readyz</c> shows it.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="Read">Records read from it since the pump started.</param>
/// <param name="Checkpoint">The last checkpointed offset, when there is one.</param>
public sealed record PartitionStatusDto(string Source, int Partition, long Read, long? Checkpoint);
