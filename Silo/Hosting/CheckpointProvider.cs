namespace StreamML.Silo.Hosting;

/// <summary>Where partition checkpoints live.</summary>
public enum CheckpointProvider
{
    /// <summary>Files under the data directory: one silo only (the embedded default).</summary>
    File = 0,

    /// <summary>Redis, shared by every silo.</summary>
    Redis = 1,

    /// <summary>Azure Blob storage with ETag-conditional writes, shared by every silo.</summary>
    AzureBlob = 2,
}
