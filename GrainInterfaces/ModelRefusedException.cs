namespace StreamML.GrainInterfaces;

/// <summary>The registry refused a model version: corrupt, trained for another schema, or not loadable. The message says which.</summary>
[GenerateSerializer]
[Alias("streamml.ModelRefusedException")]
public sealed class ModelRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelRefusedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ModelRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
