using System.Text;
using Azure.Storage.Blobs;
using StreamML.Core.Encryption;
using StreamML.Storage.Tests.GrainStorage;
using StreamML.Storage.Tests.Grains;

namespace StreamML.Storage.Tests.Encryption;

/// <summary>Grain-state encryption on the Azure Blob grain storage, against Azurite.</summary>
[Trait("Category", "Functional")]
public sealed class AzureBlobGrainStateEncryptionTests(AzuriteFixture azurite) : GrainStateEncryptionTests, IClassFixture<AzuriteFixture>
{
    private readonly string _container = "enc-" + Guid.NewGuid().ToString("N")[..16];

    protected override IEnumerable<(string Key, string? Value)> Backend =>
    [
        ("StreamML:Storage:Provider", "AzureBlob"),
        ("StreamML:Storage:AzureBlob:ConnectionString", azurite.ConnectionString),
        ("StreamML:Storage:AzureBlob:ContainerName", _container),
    ];

    [Fact]
    public async Task PersistentState_ThroughRealCluster_IsAnEnvelopeInTheBlob()
    {
        await using var cluster = await StorageClusters.StartAsync(StorageClusters.Settings(
        [
            ("StreamML:Storage:Names:0", CounterGrain.StorageName),
            .. Backend,
            .. RingSettings(("A", KeyA)),
        ]));

        var (count, note, exists) = await StorageClusters.WriteDeactivateReadAsync(cluster, "sealed-1");
        var stored = await ReadStoredAsync("counter", GrainId.Create("counter", "sealed-1"));

        Assert.Equal((3, "three", true), (count, note, exists));
        Assert.Equal("A", EnvelopeCipher.KeyIdOf(stored));
        Assert.DoesNotContain("three", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
    }

    protected override async Task<byte[]> ReadStoredAsync(string stateName, GrainId grainId) =>
        (await Blob(stateName, grainId).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToArray();

    protected override Task WriteStoredAsync(string stateName, GrainId grainId, byte[] bytes) =>
        Blob(stateName, grainId).UploadAsync(new BinaryData(bytes), overwrite: true, TestContext.Current.CancellationToken);

    private BlobClient Blob(string stateName, GrainId grainId) =>
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container).GetBlobClient(AzureBlobGrainStorage.BlobNameOf(stateName, grainId));
}
