namespace StreamML.Silo.Transport;

/// <summary>
/// TLS with mutual certificates on silo-to-silo and client-to-gateway connections (<c>StreamML:Tls</c>); off until a
/// certificate is configured.
/// </summary>
public sealed class SiloTlsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Tls";

    /// <summary>The silo's certificate, presented to silos and clients and used to connect to other silos: PKCS#12 (<c>.pfx</c>) or PEM (<c>.pem</c>, <c>.crt</c>).</summary>
    /// <value>The default value is <see langword="null"/> (plain TCP).</value>
    public string? CertificatePath { get; set; }

    /// <summary>The password of the PKCS#12 file or of the encrypted PEM key.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key file, when the key is not in the certificate's PEM file.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? KeyPath { get; set; }

    /// <summary>
    /// Thumbprints (SHA-1 or SHA-256, hex, colons allowed) of the other certificates a peer may present; the silo's own
    /// certificate is always accepted, so silos sharing one certificate need nothing here.
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> AllowedThumbprints { get; } = [];

    /// <summary>A certificate authority (PEM or DER): peers with a certificate it issued (a valid chain to it) are accepted too.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CaCertificatePath { get; set; }

    /// <summary>Whether clients of the gateway must present a trusted certificate as well.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireClientCertificate { get; set; } = true;

    /// <summary>Whether TLS is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
