using Microsoft.Extensions.Configuration;
using StreamML.Silo.Hosting;
using StreamML.Testing.Infrastructure;

namespace StreamML.Silo.Tests;

/// <summary>Validation of the HTTPS and TLS sections: an unusable certificate is one line naming the key, never the password.</summary>
[Trait("Category", "BVT")]
public sealed class TransportConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("StreamML:" + v.Key, v.Value))).Build();

    [Fact]
    public void ReadValidated_MissingCertificates_AreOneLineProblemsEach()
    {
        var missing = Path.Combine(Path.GetTempPath(), "streamml-missing-" + Guid.NewGuid().ToString("N") + ".pfx");

        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("Api:Https:CertificatePath", missing),
            ("Tls:CertificatePath", missing))));

        Assert.Equal(2, ex.Problems.Count);
        Assert.StartsWith($"StreamML:Api:Https:CertificatePath '{missing}' cannot be loaded: ", ex.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith($"StreamML:Tls:CertificatePath '{missing}' cannot be loaded: ", ex.Problems[1], StringComparison.Ordinal);
        Assert.All(ex.Problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void ReadValidated_WrongPasswordAndBadTrustSettings_AreListedWithoutThePassword()
    {
        using var certificates = new TestCertificates();
        var pfx = certificates.WritePfx(certificates.Create(), "right-password");

        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("Tls:CertificatePath", pfx),
            ("Tls:CertificatePassword", "wrong-password"),
            ("Tls:AllowedThumbprints:0", "not-hex"),
            ("Api:Https:KeyPath", "/etc/key.pem"))));

        Assert.Equal(3, ex.Problems.Count);
        Assert.StartsWith($"StreamML:Tls:CertificatePath '{pfx}' cannot be loaded: ", ex.Problems.Single(p => p.Contains(pfx, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("StreamML:Tls:AllowedThumbprints 'not-hex' is not a SHA-1 or SHA-256 thumbprint in hex.", ex.Problems);
        Assert.Contains("StreamML:Api:Https:KeyPath and StreamML:Api:Https:CertificatePassword need StreamML:Api:Https:CertificatePath.", ex.Problems);
        Assert.DoesNotContain("wrong-password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadValidated_UsableCertificates_AreAccepted()
    {
        using var certificates = new TestCertificates();
        var certificate = certificates.Create();
        var pfx = certificates.WritePfx(certificate, "pw");
        var (pem, key) = certificates.WritePem(certificate);

        var settings = StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("Api:Https:CertificatePath", pem),
            ("Api:Https:KeyPath", key),
            ("Tls:CertificatePath", pfx),
            ("Tls:CertificatePassword", "pw"),
            ("Tls:AllowedThumbprints:0", certificate.Thumbprint)));

        Assert.True(settings.Https.Enabled);
        Assert.True(settings.Tls.Enabled);
    }
}
