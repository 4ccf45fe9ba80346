using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StreamML.Testing.Infrastructure;

/// <summary>Throw-away self-signed certificates for loopback TLS, written to a temporary folder removed on dispose.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly List<X509Certificate2> _issued = [];

    /// <summary>The folder the certificate files are written to.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("streamml-certs-").FullName;

    /// <summary>A new self-signed ECDSA certificate for localhost and 127.0.0.1, usable by TLS servers and clients, valid for a day either side of now.</summary>
    public X509Certificate2 Create(string subject = "CN=localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        _issued.Add(certificate);
        return certificate;
    }

    /// <summary>Writes <paramref name="certificate"/> with its key as a password-protected PKCS#12 file; returns its path.</summary>
    public string WritePfx(X509Certificate2 certificate, string password)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>Writes <paramref name="certificate"/> as a PEM file and its unencrypted key as a second one; returns both paths.</summary>
    public (string Certificate, string Key) WritePem(X509Certificate2 certificate)
    {
        var stem = Path.Combine(Directory, Guid.NewGuid().ToString("N"));
        File.WriteAllText(stem + ".crt", certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(stem + ".key", key.ExportPkcs8PrivateKeyPem());
        return (stem + ".crt", stem + ".key");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var certificate in _issued)
        {
            certificate.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
