namespace StreamML.Contracts;

/// <summary>HTTP headers of the StreamML API that both the platform and its callers name.</summary>
public static class StreamMLHeaders
{
    /// <summary>The header an API key is sent in.</summary>
    public const string ApiKey = "X-Api-Key";
}
