using StreamML.Storage.Models;

namespace StreamML.Silo.Hosting;

/// <summary>Where model versions live (<c>StreamML:Model:Store</c>).</summary>
public sealed class ModelStoreSettings
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "StreamML:Model:Store";

    /// <summary>The model store. Silos on several machines need a shared one: AzureBlob, PostgreSql or Redis.</summary>
    /// <value>The default value is <see cref="ModelStoreProvider.File"/>.</value>
    public ModelStoreProvider Provider { get; set; } = ModelStoreProvider.File;

    /// <summary>Azure Blob container and credentials (<c>StreamML:Model:Store:AzureBlob</c>).</summary>
    public AzureBlobModelStoreOptions AzureBlob { get; set; } = new();

    /// <summary>PostgreSQL connection (<c>StreamML:Model:Store:PostgreSql</c>).</summary>
    public PostgresModelStoreOptions PostgreSql { get; set; } = new();

    /// <summary>Redis connection and key prefix (<c>StreamML:Model:Store:Redis</c>).</summary>
    public RedisModelStoreOptions Redis { get; set; } = new();
}
