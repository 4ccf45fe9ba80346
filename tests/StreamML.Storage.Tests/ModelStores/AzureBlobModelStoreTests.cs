using Azure.Storage.Blobs;
using StreamML.Core.Models;
using StreamML.Storage.Models;

namespace StreamML.Storage.Tests.ModelStores;

/// <summary>The Azure Blob model store on Azurite.</summary>
[Trait("Category", "Functional")]
public sealed class AzureBlobModelStoreTests(AzuriteFixture azurite) : ModelStoreConformanceTests, IClassFixture<AzuriteFixture>
{
    private const string Container = "models";

    protected override IModelStore CreateStore(ModelSigner? signer = null) =>
        new AzureBlobModelStore(new AzureBlobModelStoreOptions { ConnectionString = azurite.ConnectionString, ContainerName = Container }, signer);

    protected override async Task DamageArtifactAsync(string model, int version, byte[] replacement)
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(Container);
        var record = ModelVersionRecord.Deserialize((await container.GetBlobClient(AzureBlobModelStore.RecordBlobName(model, version)).DownloadContentAsync(Ct)).Value.Content, "test");
        await container.GetBlobClient(AzureBlobModelStore.ArtifactBlobName(model, record.ArtifactSha256)).UploadAsync(new BinaryData(replacement), overwrite: true, Ct);
    }

    [Fact]
    public async Task SaveAsync_WritesAContentAddressedArtifactAndARecordWithItsStatus()
    {
        var model = NewModel();
        var artifact = new byte[] { 1, 2, 3 };
        var info = new ModelVersionInfo
        {
            Model = model, Version = 3, SchemaHash = "s", Task = Core.Schema.ModelTask.Regression, Trainer = "Sdca", Columns = ["x"],
            CreatedAt = DateTimeOffset.UnixEpoch, ArtifactSha256 = "unused", Normalization = [], Status = ModelStatus.Canary,
        };

        await CreateStore().SaveAsync(info, artifact, Ct);

        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(Container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.Metadata, Azure.Storage.Blobs.Models.BlobStates.None, model + "/", Ct))
        {
            names.Add(blob.Name);
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                Assert.Equal("Canary", blob.Metadata[AzureBlobModelStore.StatusMetadataKey]);
            }
        }

        Assert.Equal([$"{model}/artifacts/039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", $"{model}/v000003.json"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Options_InvalidSettings_ListsEveryProblem_AndAServiceUriNeedsNoSecret()
    {
        var invalid = new AzureBlobModelStoreOptions { ServiceUri = new Uri("http://account.blob.core.windows.net"), ContainerName = "Models" };
        var identity = new AzureBlobModelStoreOptions { ServiceUri = new Uri("https://account.blob.core.windows.net") };

        var failures = invalid.Validate();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("StreamML:Model:Store:AzureBlob:ServiceUri must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Models' is not a valid container name", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new AzureBlobModelStore(invalid));
        Assert.Empty(identity.Validate());
        Assert.IsType<AzureBlobModelStore>(new AzureBlobModelStore(identity));
    }
}
