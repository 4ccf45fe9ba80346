namespace StreamML.Core.Models;

/// <summary>A model version was refused: its artefact is corrupt, it was trained for another schema, or it cannot be loaded.</summary>
public sealed class ModelRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelRejectedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ModelRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
