namespace StreamML.Core.Sources;

/// <summary>A stored checkpoint: the last durable offset and the version that guards the next write.</summary>
/// <param name="Offset">The last offset whose effects are durable; null when nothing was checkpointed.</param>
/// <param name="Version">Opaque version (an ETag, a counter); null when nothing is stored.</param>
public readonly record struct CheckpointState(long? Offset, string? Version)
{
    /// <summary>No checkpoint stored.</summary>
    public static CheckpointState None => default;

    /// <summary>
    /// The source's native position of <see cref="Offset"/> when the offset alone cannot name it (a Redis stream id
    /// beyond what an offset encodes, see <see cref="SourceRecord.Position"/>); null when the offset says it all.
    /// </summary>
    public string? Position { get; init; }
}
