namespace StreamML.Grains.Pumps;

/// <summary>
/// The pump of one partition of a source, built by <see cref="PartitionPumpFactory"/>: it moves the partition's records
/// into entity groups in per-entity order and checkpoints behind them.
/// </summary>
public interface IPartitionPump
{
    /// <summary>The partition.</summary>
    int Partition { get; }

    /// <summary>Records read so far.</summary>
    long RecordsRead { get; }

    /// <summary>The last checkpointed offset, or null.</summary>
    long? CheckpointedOffset { get; }

    /// <summary>Whether the source is failing right now (for readiness).</summary>
    bool SourceFailing { get; }

    /// <summary>
    /// Why entity state this pump applied cannot be written, so its checkpoint holds (for readiness); null while every
    /// write succeeds.
    /// </summary>
    string? StateNotWritten { get; }

    /// <summary>Whether the partition has ended and everything read was applied and checkpointed (finite sources only).</summary>
    bool Completed { get; }

    /// <summary>Runs until cancelled or until a finite partition ends; on either, drains its calls and checkpoints.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
