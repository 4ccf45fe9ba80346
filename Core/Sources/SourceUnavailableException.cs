namespace StreamML.Core.Sources;

/// <summary>A source could not be reached; nothing was read, and reading again later is safe.</summary>
public sealed class SourceUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SourceUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SourceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public SourceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
