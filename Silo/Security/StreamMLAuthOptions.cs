namespace StreamML.Silo.Security;

/// <summary>How callers of the HTTP API, the dashboard and <c>/metrics</c> prove who they are (<c>StreamML:Auth</c>).</summary>
public sealed class StreamMLAuthOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Auth";

    /// <summary>Whether credentials are required; <see cref="AuthMode.Open"/> refuses to listen beyond loopback.</summary>
    /// <value>The default value is <see cref="AuthMode.Open"/>.</value>
    public AuthMode Mode { get; set; } = AuthMode.Open;

    /// <summary>JWT bearer tokens: from Entra ID (an authority) or signed with configured keys.</summary>
    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>API keys sent in the <c>X-Api-Key</c> header, each kept only as the SHA-256 of the key.</summary>
    /// <value>The default value is no keys.</value>
    public IList<ApiKeyOptions> ApiKeys { get; } = [];

    /// <summary>Whether JWT bearer tokens are accepted (an authority or signing keys are configured).</summary>
    public bool JwtConfigured => !string.IsNullOrWhiteSpace(Jwt.Authority) || Jwt.SigningKeys.Count > 0;
}
