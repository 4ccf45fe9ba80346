using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StreamML.Silo.Transport;

/// <summary>
/// Which certificates a silo accepts from peers and gateway clients: its own, the configured thumbprints, and those a
/// configured authority issued. Host names are not checked: silos are reached by address, so identity is the certificate.
/// </summary>
internal sealed class RemoteCertificateTrust
{
    private readonly HashSet<string> _thumbprints;
    private readonly X509Certificate2? _authority;

    private RemoteCertificateTrust(HashSet<string> thumbprints, X509Certificate2? authority)
    {
        _thumbprints = thumbprints;
        _authority = authority;
    }

    /// <summary>The trust of a silo presenting <paramref name="own"/> under <paramref name="options"/>.</summary>
    public static RemoteCertificateTrust Create(X509Certificate2 own, SiloTlsOptions options)
    {
        var thumbprints = new HashSet<string>(options.AllowedThumbprints.Select(Normalise), StringComparer.Ordinal)
        {
            own.GetCertHashString(HashAlgorithmName.SHA256),
        };
        var authority = string.IsNullOrWhiteSpace(options.CaCertificatePath) ? null : X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
        return new RemoteCertificateTrust(thumbprints, authority);
    }

    /// <summary>Whether <paramref name="thumbprint"/> is a SHA-1 or SHA-256 thumbprint in hex (colons and spaces allowed).</summary>
    public static bool IsThumbprint(string thumbprint)
    {
        var hex = Normalise(thumbprint);
        return hex.Length is 40 or 64 && hex.All(char.IsAsciiHexDigit);
    }

    /// <summary>Whether the remote <paramref name="certificate"/> is trusted; the platform's verdict is not needed, a self-signed peer can be pinned.</summary>
    public bool Accepts(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors policyErrors)
    {
        if (_thumbprints.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA256)) || _thumbprints.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA1)))
        {
            return true;
        }

        if (_authority is null)
        {
            return false;
        }

        using var issued = new X509Chain();
        issued.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        issued.ChainPolicy.CustomTrustStore.Add(_authority);
        issued.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            issued.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        return issued.Build(certificate);
    }

    private static string Normalise(string thumbprint) =>
        thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
