namespace StreamML.Core.Sources;

/// <summary>A checkpoint write lost a race with another writer; the stored checkpoint was left as the other writer left it.</summary>
public sealed class CheckpointConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CheckpointConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public CheckpointConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The state found in the store when the write was refused, when known.</summary>
    public CheckpointState? Current { get; init; }
}
