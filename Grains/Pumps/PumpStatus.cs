namespace StreamML.Grains.Pumps;

/// <summary>The state of one partition pump.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="RecordsRead">Records read since the pump started.</param>
/// <param name="Checkpoint">The last checkpointed offset.</param>
/// <param name="SourceFailing">Whether the source is failing right now.</param>
/// <param name="Completed">Whether a finite partition has been fully applied and checkpointed.</param>
/// <param name="Faulted">Whether the pump stopped with an error (it starts again after its restart backoff).</param>
public sealed record PumpStatus(int Partition, long RecordsRead, long? Checkpoint, bool SourceFailing, bool Completed, bool Faulted)
{
    /// <summary>The error that stopped the pump, while it waits to start again; null when it runs.</summary>
    public string? Fault { get; init; }

    /// <summary>Why entity state the pump applied cannot be written, so its checkpoint holds; null while writes succeed.</summary>
    public string? StateNotWritten { get; init; }

    /// <summary>Times the pump was started again after stopping with an error.</summary>
    public int Restarts { get; init; }
}
