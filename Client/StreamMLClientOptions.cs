namespace StreamML.Client;

/// <summary>Where the platform is, how the client proves who it is, and how hard it tries.</summary>
public sealed class StreamMLClientOptions
{
    /// <summary>The platform's URL, for example http://localhost:8080; when null, the <see cref="HttpClient"/>'s base address is used.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key, sent in the <c>X-Api-Key</c> header of every request.</summary>
    /// <value>The default is null: no key.</value>
    public string? ApiKey { get; set; }

    /// <summary>A bearer token (a JWT), sent in the <c>Authorization</c> header of every request.</summary>
    /// <value>The default is null: no token.</value>
    public string? BearerToken { get; set; }

    /// <summary>
    /// Gets a bearer token before each attempt of each request, for tokens that expire (for example Entra ID through
    /// Azure.Identity's <c>TokenCredential.GetTokenAsync</c>, which caches and refreshes them).
    /// </summary>
    /// <value>The default is null: no token provider.</value>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>Retries of a request the platform did not accept (429, 503, or a connection that could not be opened).</summary>
    /// <value>The default is 6 retries; 0 turns retrying off.</value>
    public int MaxRetries { get; set; } = 6;

    /// <summary>How long one attempt may take, when the client makes its own <see cref="HttpClient"/>.</summary>
    /// <value>The default is 100 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Throws when the options cannot work together.</summary>
    internal void Validate()
    {
        if (BaseAddress is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("BaseAddress must be an absolute URL, for example http://localhost:8080", nameof(BaseAddress));
        }

        if ((ApiKey is not null ? 1 : 0) + (BearerToken is not null ? 1 : 0) + (TokenProvider is not null ? 1 : 0) > 1)
        {
            throw new ArgumentException("give one of ApiKey, BearerToken and TokenProvider, not several", nameof(ApiKey));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), "Timeout must be positive or infinite");
        }
    }
}
