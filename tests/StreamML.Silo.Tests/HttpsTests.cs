using System.Net;
using System.Security.Cryptography.X509Certificates;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>The API over HTTPS on loopback with a throw-away certificate configured under <c>StreamML:Api:Https</c>.</summary>
[Trait("Category", "Functional")]
public sealed class HttpsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client that trusts exactly <paramref name="expected"/> and records the certificate the server presented.</summary>
    private static HttpClient ClientTrusting(X509Certificate2 expected, List<string> presented) => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            presented.Add(certificate!.Thumbprint);
            return certificate.Thumbprint == expected.Thumbprint;
        },
    });

    [Fact]
    public async Task Https_PfxCertificate_ServesTheApiOverTlsWithHstsAndRedirectsPlainHttp()
    {
        using var certificates = new TestCertificates();
        var certificate = certificates.Create();
        var pfx = certificates.WritePfx(certificate, "s3cret-pfx");
        await using var silo = await SiloHost.StartAsync(
            "urls=https://127.0.0.1:0;http://127.0.0.1:0",
            $"StreamML:Api:Https:CertificatePath={pfx}",
            "StreamML:Api:Https:CertificatePassword=s3cret-pfx");
        var https = new Uri(silo.App.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal)));
        var http = new Uri(silo.App.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal)));
        var presented = new List<string>();
        using var client = ClientTrusting(certificate, presented);

        // Loopback names are exempt from HSTS (a developer's browser would pin localhost), so ask as a named host.
        using var named = new HttpRequestMessage(HttpMethod.Get, new Uri(https, "healthz")) { Headers = { Host = "streamml.example" } };
        using var secure = await client.SendAsync(named, Ct);
        using var plain = await client.GetAsync(new Uri(http, "v1/models"), Ct);

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal(["max-age=31536000"], secure.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal([certificate.Thumbprint], presented.Distinct());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal(new Uri($"https://127.0.0.1:{https.Port}/v1/models"), plain.Headers.Location);
    }

    [Fact]
    public async Task Https_PemCertificateAndKeyFiles_ServesTheApiOverTls()
    {
        using var certificates = new TestCertificates();
        var certificate = certificates.Create();
        var (pem, key) = certificates.WritePem(certificate);
        await using var silo = await SiloHost.StartAsync(
            "urls=https://127.0.0.1:0",
            $"StreamML:Api:Https:CertificatePath={pem}",
            $"StreamML:Api:Https:KeyPath={key}",
            "StreamML:Api:Https:HstsMaxAge=1.00:00:00");
        var presented = new List<string>();
        using var client = ClientTrusting(certificate, presented);

        using var named = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.Address, "v1/models")) { Headers = { Host = "streamml.example" } };
        using var response = await client.SendAsync(named, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["max-age=86400"], response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal([certificate.Thumbprint], presented.Distinct());
    }

    [Fact]
    public async Task Http_NoCertificateConfigured_ServesPlainHttpWithoutHsts()
    {
        await using var silo = await SiloHost.StartAsync();

        using var response = await silo.Http.GetAsync("healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
