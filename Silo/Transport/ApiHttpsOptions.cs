namespace StreamML.Silo.Transport;

/// <summary>HTTPS of the HTTP API, dashboard and metrics endpoint (<c>StreamML:Api:Https</c>); off until a certificate is configured.</summary>
public sealed class ApiHttpsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Api:Https";

    /// <summary>The server certificate: PKCS#12 (<c>.pfx</c>) or PEM (<c>.pem</c>, <c>.crt</c>). Setting it turns HTTPS, HSTS and HTTP redirection on.</summary>
    /// <value>The default value is <see langword="null"/> (plain HTTP).</value>
    public string? CertificatePath { get; set; }

    /// <summary>The password of the PKCS#12 file or of the encrypted PEM key.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key file, when the key is not in the certificate's PEM file.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? KeyPath { get; set; }

    /// <summary>How long browsers keep to HTTPS after a response (the HSTS <c>max-age</c>).</summary>
    /// <value>The default value is 365 days.</value>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Whether the HSTS header covers subdomains too.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool HstsIncludeSubDomains { get; set; }

    /// <summary>Whether plain HTTP requests are redirected to the HTTPS endpoint (when the silo listens on both).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RedirectHttp { get; set; } = true;

    /// <summary>Whether HTTPS is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
