using System.Net;

namespace StreamML.Client;

/// <summary>
/// The platform refused a request or could not be reached: <see cref="StatusCode"/> says which when it answered, and
/// <see cref="ServerMessage"/> carries its one-line reason.
/// </summary>
public sealed class StreamMLClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamMLClientException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public StreamMLClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public StreamMLClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an HTTP answer.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The status the platform answered with.</param>
    public StreamMLClientException(string message, HttpStatusCode statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception for an HTTP answer that carried the platform's reason.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The status the platform answered with.</param>
    /// <param name="serverMessage">The platform's one-line reason (its <c>error</c>), when it gave one.</param>
    public StreamMLClientException(string message, HttpStatusCode statusCode, string? serverMessage)
        : base(message)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status the platform answered with, when it answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The platform's one-line reason for refusing the request (its <c>error</c>), when it gave one.</summary>
    public string? ServerMessage { get; }
}
