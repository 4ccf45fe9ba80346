using StreamML.Storage;

namespace StreamML.Silo.Hosting;

/// <summary>Where partition checkpoints live (<c>StreamML:Checkpoints</c>).</summary>
public sealed class CheckpointSettings
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "StreamML:Checkpoints";

    /// <summary>The checkpoint store. Several silos sharing partitions need a shared store: Redis or AzureBlob.</summary>
    /// <value>The default value is <see cref="CheckpointProvider.File"/>.</value>
    public CheckpointProvider Provider { get; set; } = CheckpointProvider.File;

    /// <summary>Redis connection (<c>StreamML:Checkpoints:Redis:ConnectionString</c>).</summary>
    public RedisSettings Redis { get; set; } = new();

    /// <summary>Key prefix of the Redis checkpoints.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string RedisKeyPrefix { get; set; } = "streamml";

    /// <summary>Azure Blob container and credentials (<c>StreamML:Checkpoints:AzureBlob</c>).</summary>
    public AzureBlobCheckpointStoreOptions AzureBlob { get; set; } = new();
}
