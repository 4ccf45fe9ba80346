namespace StreamML.Storage;

/// <summary>Where grain state lives.</summary>
public enum GrainStorageProvider
{
    /// <summary>Files on the local disk (atomic writes); survives restarts of a single machine.</summary>
    File = 0,

    /// <summary>Memory only: lost on restart (tests, throwaway runs).</summary>
    Memory = 1,

    /// <summary>Redis (Orleans' Redis grain storage).</summary>
    Redis = 2,

    /// <summary>A relational database through ADO.NET (PostgreSQL here).</summary>
    AdoNet = 3,

    /// <summary>Azure Blob storage, one ETag-guarded blob per grain state.</summary>
    AzureBlob = 4,
}
