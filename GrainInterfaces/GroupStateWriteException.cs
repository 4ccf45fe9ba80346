namespace StreamML.GrainInterfaces;

/// <summary>
/// An entity group applied a batch (or was asked to flush) but could not write its state: the records are in the
/// activation's memory and not yet durable. The pump retries until storage is back and never dead-letters them; the
/// inner exception is the storage's failure.
/// </summary>
[GenerateSerializer]
[Alias("streamml.GroupStateWriteException")]
public sealed class GroupStateWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GroupStateWriteException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GroupStateWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the storage's failure.</summary>
    public GroupStateWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
