namespace StreamML.Core.Encryption;

/// <summary>
/// Stored data could not be decrypted: its key is no longer in the ring (the message names the key id, never the key),
/// it was altered or moved onto another object, or it is plain where plain data is refused.
/// </summary>
public sealed class EncryptedDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EncryptedDataException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EncryptedDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public EncryptedDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
