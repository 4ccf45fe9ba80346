namespace StreamML.Silo.Hosting;

/// <summary>The silo's configuration is invalid; <see cref="Problems"/> lists every problem found.</summary>
public sealed class StreamMLConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamMLConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StreamMLConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StreamMLConfigurationException(string message, Exception innerException)
        : this([message], innerException)
    {
    }

    /// <summary>Creates the exception from a list of problems.</summary>
    public StreamMLConfigurationException(IReadOnlyList<string> problems, Exception? innerException = null)
        : base($"StreamML configuration is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}", innerException)
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
