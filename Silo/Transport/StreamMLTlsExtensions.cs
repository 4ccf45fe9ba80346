using Orleans.Connections.Security;

namespace StreamML.Silo.Transport;

/// <summary>
/// TLS with mutual certificates on Orleans connections (<c>StreamML:Tls</c>): silos to silos, and clients to a silo's
/// gateway. Both ends present a certificate and accept only the ones <see cref="SiloTlsOptions"/> trusts.
/// </summary>
public static class StreamMLTlsExtensions
{
    /// <summary>Secures the silo's inbound (silo and gateway) and outbound connections as <paramref name="tls"/> says.</summary>
    public static ISiloBuilder UseStreamMLTls(this ISiloBuilder silo, SiloTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(tls);
        var certificate = CertificateFile.Load(tls.CertificatePath!, tls.CertificatePassword, tls.KeyPath);
        var trust = RemoteCertificateTrust.Create(certificate, tls);
        return silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = tls.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate;
            options.RemoteCertificateValidation = trust.Accepts;
        });
    }

    /// <summary>Has an Orleans client present its certificate to the gateway and accept only silos <paramref name="tls"/> trusts.</summary>
    public static IClientBuilder UseStreamMLTls(this IClientBuilder client, SiloTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tls);
        var certificate = CertificateFile.Load(tls.CertificatePath!, tls.CertificatePassword, tls.KeyPath);
        var trust = RemoteCertificateTrust.Create(certificate, tls);
        return client.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = trust.Accepts;
        });
    }
}
