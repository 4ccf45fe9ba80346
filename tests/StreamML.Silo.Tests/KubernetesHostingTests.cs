using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StreamML.Silo.Hosting;

namespace StreamML.Silo.Tests;

[Trait("Category", "BVT")]
public sealed class KubernetesHostingTests
{
    private static StreamMLSettings Read(params (string Key, string Value)[] values) =>
        StreamMLConfiguration.ReadValidated(new ConfigurationBuilder().AddInMemoryCollection(
            values.Select(v => new KeyValuePair<string, string?>("StreamML:" + v.Key, v.Value)).Append(new("StreamML:Source", "None"))).Build());

    [Fact]
    public void ReadValidated_KubernetesHostingOnLocalhostClustering_IsRefused()
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => Read(("KubernetesHosting", "true")));

        Assert.Equal(["StreamML:KubernetesHosting needs a shared membership table: StreamML:Clustering:Provider must not be Localhost."], ex.Problems);
    }

    [Fact]
    public void UseStreamMLEndpoints_OnAPod_AdvertisesThePodAndListensOnEveryInterfaceOfIt()
    {
        var host = Read(("KubernetesHosting", "true"), ("Clustering:Provider", "Redis"), ("Clustering:Redis:ConnectionString", "127.0.0.1:1"),
            ("AdvertisedAddress", "10.244.1.17"), ("SiloPort", "12111"), ("GatewayPort", "31000")).Host;
        // The pod's name reaches the silo as an environment variable (the downward API), which Orleans' hosting reads.
        var pod = new Dictionary<string, string?> { ["POD_NAME"] = "streamml-silo-7d9f-abcde", ["POD_NAMESPACE"] = "streamml" };
        var before = pod.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in pod)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleans(silo => silo.UseStreamMLEndpoints(host));
            using var app = builder.Build();

            var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Assert.Equal(
                (IPAddress.Parse("10.244.1.17"), 12111, 31000, new IPEndPoint(IPAddress.Any, 12111), new IPEndPoint(IPAddress.Any, 31000)),
                (endpoints.AdvertisedIPAddress, endpoints.SiloPort, endpoints.GatewayPort, endpoints.SiloListeningEndpoint, endpoints.GatewayListeningEndpoint));
            Assert.Equal("streamml-silo-7d9f-abcde", app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        }
        finally
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Fact]
    public void UseStreamMLEndpoints_OffAPod_ListensOnTheAdvertisedAddressOnly()
    {
        var host = Read(("Clustering:Provider", "Redis"), ("Clustering:Redis:ConnectionString", "127.0.0.1:1"), ("AdvertisedAddress", "10.1.2.3")).Host;
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseStreamMLEndpoints(host));
        using var app = builder.Build();

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(
            (IPAddress.Parse("10.1.2.3"), (IPEndPoint?)null),
            (endpoints.AdvertisedIPAddress, endpoints.SiloListeningEndpoint));
    }
}
