using Azure.Storage.Blobs;
using StreamML.Core.Sources;

namespace StreamML.Storage.Tests.Checkpoints;

[Trait("Category", "Functional")]
public sealed class AzureBlobCheckpointStoreTests(AzuriteFixture azurite) : CheckpointStoreConformanceTests, IClassFixture<AzuriteFixture>
{
    private const string Container = "checkpoints";

    protected override Task<ICheckpointStore> CreateStoreAsync() =>
        Task.FromResult<ICheckpointStore>(new AzureBlobCheckpointStore(new AzureBlobCheckpointStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            ContainerName = Container,
            Prefix = "ns.servicebus.windows.net/hub",
        }));

    protected override Task RestartBackendAsync() => azurite.RestartAsync();

    [Fact]
    public async Task WriteAsync_StoresZeroLengthBlobWithOffsetMetadata()
    {
        var store = (AzureBlobCheckpointStore)await CreateStoreAsync();

        var state = await store.WriteAsync("Meters", 5, 9_000_000_000, null, Ct);

        var blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(Container)
            .GetBlobClient("ns.servicebus.windows.net/hub/meters/checkpoint/5");
        var properties = (await blob.GetPropertiesAsync(cancellationToken: TestContext.Current.CancellationToken)).Value;
        Assert.Equal(0, properties.ContentLength);
        Assert.Equal("9000000000", properties.Metadata[AzureBlobCheckpointStore.OffsetMetadataKey]);
        Assert.Equal(properties.ETag.ToString(), state.Version);
    }

    [Fact]
    public void Options_InvalidSettings_ListsEveryProblem()
    {
        var options = new AzureBlobCheckpointStoreOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            ServiceUri = new Uri("http://account.blob.core.windows.net"),
            ContainerName = "Bad_Name",
            Prefix = " ",
        };

        var failures = options.Validate();

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("exactly one of ConnectionString or ServiceUri", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Bad_Name' is not a valid container name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Prefix must not be empty", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new AzureBlobCheckpointStore(options));
    }
}
