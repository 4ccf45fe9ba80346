using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using StackExchange.Redis;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.GrainStorage;

/// <summary>
/// Test clusters whose membership goes through a real clustering provider. In Orleans 10.4.2 the in-process cluster's
/// switch away from its own membership is internal, so these use <see cref="TestClusterBuilder"/>, whose
/// <see cref="TestClusterOptions.UseTestClusterMembership"/> is public; settings reach the silos through configuration.
/// </summary>
internal static class RealMembershipClusters
{
    public static async Task<TestCluster> StartAsync(IDictionary<string, string?> settings, string serviceId, short silos = 2)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ServiceId = serviceId;
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<StorageConfigurator>();
        builder.AddClientBuilderConfigurator<ClientClusteringConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Increments a counter three times in one cluster, stops it, and reads the counter in a fresh cluster of the same service.</summary>
    public static async Task<(int Count, string Note, bool RecordExists, int ActiveSilos)> WriteThenReadInNewClusterAsync(
        IDictionary<string, string?> settings, string key)
    {
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        int activeSilos;
        await using (var first = await StartAsync(settings, serviceId))
        {
            var grain = first.Client.GetGrain<ICounterGrain>(key);
            await grain.IncrementAsync("one");
            await grain.IncrementAsync("two");
            await grain.IncrementAsync("three");
            activeSilos = first.GetActiveSilos().Count();
            await first.StopAllSilosAsync();
        }

        await using var second = await StartAsync(settings, serviceId, silos: 1);
        var (count, note, exists) = await second.Client.GetGrain<ICounterGrain>(key).GetAsync();
        return (count, note, exists, activeSilos);
    }

    public sealed class StorageConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddStreamMLStorage(siloBuilder.Configuration);
    }

    public sealed class ClientClusteringConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            var clustering = configuration.GetSection(StreamMLClusteringOptions.SectionName).Get<StreamMLClusteringOptions>() ?? new();
            switch (clustering.Provider)
            {
                case ClusteringProvider.Redis:
                    clientBuilder.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(clustering.Redis.ConnectionString!));
                    break;
                case ClusteringProvider.AdoNet:
                    clientBuilder.UseAdoNetClustering(o =>
                    {
                        o.Invariant = clustering.AdoNet.Invariant;
                        o.ConnectionString = clustering.AdoNet.ConnectionString;
                    });
                    break;
                default:
                    throw new InvalidOperationException($"No client clustering for '{clustering.Provider}'.");
            }
        }
    }
}
