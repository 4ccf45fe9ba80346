using Azure.Storage.Blobs;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.GrainStorage;

[Trait("Category", "Functional")]
public sealed class AzureBlobGrainStorageClusterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PersistentState_ThroughRealCluster_SurvivesDeactivationInBlob()
    {
        var container = "cluster-" + Guid.NewGuid().ToString("N")[..12];
        await using var cluster = await StorageClusters.StartAsync(StorageClusters.Settings(
            ("StreamML:Storage:Provider", "AzureBlob"),
            ("StreamML:Storage:Names:0", CounterGrain.StorageName),
            ("StreamML:Storage:AzureBlob:ConnectionString", azurite.ConnectionString),
            ("StreamML:Storage:AzureBlob:ContainerName", container)));

        var (count, note, exists) = await StorageClusters.WriteDeactivateReadAsync(cluster, "Счётчик-1");
        var grain = cluster.Client.GetGrain<ICounterGrain>("Счётчик-1");
        await grain.ClearAsync();
        await cluster.DeactivateAsync(grain);
        var cleared = await grain.GetAsync();
        var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container).GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var names = new List<string>();
        await foreach (var blob in blobs)
        {
            names.Add(blob.Name);
        }

        Assert.Equal((3, "three", true), (count, note, exists));
        Assert.Equal((0, string.Empty, false), cleared);
        Assert.Empty(names);
    }
}
