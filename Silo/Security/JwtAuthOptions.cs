namespace StreamML.Silo.Security;

/// <summary>
/// How JWT bearer tokens are validated (<c>StreamML:Auth:Jwt</c>): an OpenID Connect authority such as Entra ID, whose
/// keys are discovered, and/or symmetric signing keys for offline use. The audience is checked either way.
/// </summary>
public sealed class JwtAuthOptions
{
    /// <summary>The token issuer's authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    /// <value>The default value is none.</value>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for, e.g. <c>api://streamml</c> or the application's client id.</summary>
    /// <value>The default value is none.</value>
    public string? Audience { get; set; }

    /// <summary>The issuer that tokens signed with <see cref="SigningKeys"/> must name.</summary>
    /// <value>The default value is none.</value>
    public string? Issuer { get; set; }

    /// <summary>Base64 symmetric keys (HMAC-SHA256, at least 32 bytes) that tokens may be signed with.</summary>
    /// <value>The default value is no keys.</value>
    public IList<string> SigningKeys { get; } = [];
}
