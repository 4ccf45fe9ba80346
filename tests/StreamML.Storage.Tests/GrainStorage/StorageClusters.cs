using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.GrainStorage;

/// <summary>Builds in-process test clusters (in-process membership) whose grain storage comes from <see cref="StorageSiloBuilderExtensions.AddStreamMLStorage"/>.</summary>
internal static class StorageClusters
{
    public static async Task<InProcessTestCluster> StartAsync(
        IDictionary<string, string?> settings, short silos = 2)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) => silo.AddStreamMLStorage(configuration));
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

    /// <summary>Increments a counter grain three times, deactivates it and reads it back from storage.</summary>
    public static async Task<(int Count, string Note, bool RecordExists)> WriteDeactivateReadAsync(InProcessTestCluster cluster, string key)
    {
        var grain = cluster.Client.GetGrain<ICounterGrain>(key);
        await grain.IncrementAsync("one");
        await grain.IncrementAsync("two");
        await grain.IncrementAsync("three");
        await cluster.DeactivateAsync(grain);
        return await grain.GetAsync();
    }

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
