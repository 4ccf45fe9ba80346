using StreamML.Storage;

namespace StreamML.Silo.Hosting;

/// <summary>Where partition checkpoints live (<c>StreamML:Checkpoints</c>).</summary>
public sealed class CheckpointSettings
{
    /// <summary>The checkpoint stores.</summary>
    public static readonly IReadOnlyList<string> Providers = ["File", "Redis", "AzureBlob"];

    /// <summary>
    /// <c>File</c> (under the data directory, the embedded default), <c>Redis</c> or <c>AzureBlob</c> (ETag-conditional
    /// writes). Several silos sharing partitions need a shared store: Redis or AzureBlob.
    /// </summary>
    public string Provider { get; set; } = "File";

    /// <summary>Redis connection (<c>StreamML:Checkpoints:Redis:ConnectionString</c>).</summary>
    public RedisSettings Redis { get; set; } = new();

    /// <summary>Key prefix of the Redis checkpoints.</summary>
    public string RedisKeyPrefix { get; set; } = "streamml";

    /// <summary>Azure Blob container and credentials (<c>StreamML:Checkpoints:AzureBlob</c>).</summary>
    public AzureBlobCheckpointStoreOptions AzureBlob { get; set; } = new();
}
