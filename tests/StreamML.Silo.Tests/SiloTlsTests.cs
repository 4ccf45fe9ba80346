using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StreamML.GrainInterfaces;
using StreamML.Silo.Transport;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>
/// Silos clustered through a real redis-server with mutual TLS (<c>StreamML:Tls</c>) and throw-away certificates:
/// silos sharing the certificate form a cluster, a silo or client with another certificate is kept out.
/// </summary>
[Trait("Category", "Functional")]
public sealed class SiloTlsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<SiloHost> StartSiloAsync(string clusterId, string pfx, int siloPort, int gatewayPort) => SiloHost.StartAsync(
        builder =>
        {
            // A silo kept out would otherwise retry joining for minutes; and a silo declared dead ends its process,
            // which here is the test runner's: the test's assertions judge the membership instead.
            builder.Services.Configure<ClusterMembershipOptions>(o => o.MaxJoinAttemptTime = TimeSpan.FromSeconds(10));
            builder.Services.AddSingleton<IFatalErrorHandler, NonTerminatingFatalErrorHandler>();
        },
        "StreamML:Clustering:Provider=Redis",
        $"StreamML:Clustering:Redis:ConnectionString={redis.ConnectionString}",
        $"StreamML:ClusterId={clusterId}",
        $"StreamML:SiloPort={siloPort}",
        $"StreamML:GatewayPort={gatewayPort}",
        $"StreamML:Tls:CertificatePath={pfx}",
        "StreamML:Tls:CertificatePassword=cluster-pw");

    private static async Task<IHost> StartClientAsync(string clusterId, int gatewayPort, SiloTlsOptions tls)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "streamml"))
            .UseStreamMLTls(tls));
        var host = builder.Build();
        try
        {
            await host.StartAsync(Ct);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    [Fact]
    public async Task Cluster_SharedCertificate_SilosJoinOverTlsOnTheAdvertisedAddressAndStrangersAreKeptOut()
    {
        using var certificates = new TestCertificates();
        var member = certificates.WritePfx(certificates.Create("CN=streamml-silo"), "cluster-pw");
        var stranger = certificates.WritePfx(certificates.Create("CN=stranger"), "cluster-pw");
        var clusterId = "tls-" + Guid.NewGuid().ToString("N")[..8];
        int[] ports = [LoopbackPort.GetFree(), LoopbackPort.GetFree(), LoopbackPort.GetFree(), LoopbackPort.GetFree()];
        var strangerSiloPort = LoopbackPort.GetFree();

        await using var first = await StartSiloAsync(clusterId, member, ports[0], ports[1]);
        await using var second = await StartSiloAsync(clusterId, member, ports[2], ports[3]);
        await first.WhenActiveAsync(Patience);
        await second.WhenActiveAsync(Patience);
        var joined = await Record.ExceptionAsync(async () => await (await StartSiloAsync(clusterId, stranger, strangerSiloPort, LoopbackPort.GetFree())).DisposeAsync());

        var membership = first.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
        var active = membership.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.Endpoint.Port).Order().ToArray();
        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(l => ports.Contains(l.Port)).ToArray();

        Assert.NotNull(joined);
        Assert.Equal(new[] { ports[0], ports[2] }.Order(), active);
        Assert.DoesNotContain(membership.Members.Values, m => m.SiloAddress.Endpoint.Port == strangerSiloPort && m.Status == SiloStatus.Active);
        Assert.Equal(ports.Order(), listeners.Select(l => l.Port).Order());
        Assert.All(listeners, l => Assert.Equal(IPAddress.Loopback, l.Address));

        using var client = await StartClientAsync(clusterId, ports[1], new SiloTlsOptions { CertificatePath = member, CertificatePassword = "cluster-pw" });
        var models = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IModelRegistryGrain>("tls-check").GetVersionsAsync();
        Assert.Empty(models);
        await Assert.ThrowsAnyAsync<Exception>(() => StartClientAsync(clusterId, ports[1], new SiloTlsOptions { CertificatePath = stranger, CertificatePassword = "cluster-pw" }));
    }

    private sealed class NonTerminatingFatalErrorHandler : IFatalErrorHandler
    {
        public bool IsUnexpected(Exception exception) => true;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
        {
        }
    }
}
