using System.Net;

namespace StreamML.Client;

/// <summary>The platform refused a request or could not be reached; <see cref="StatusCode"/> says which when it answered.</summary>
public sealed class StreamMLClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamMLClientException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StreamMLClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StreamMLClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an HTTP answer.</summary>
    public StreamMLClientException(string message, HttpStatusCode statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status the platform answered with, when it answered.</summary>
    public HttpStatusCode? StatusCode { get; }
}
