namespace StreamML.Silo.Hosting;

/// <summary>Where model versions (artefacts and metadata) live.</summary>
public enum ModelStoreProvider
{
    /// <summary>A folder under the data directory: one machine only (the embedded default).</summary>
    File = 0,

    /// <summary>An Azure Blob container shared by every silo (conditional creates, SHA-256 checked on read).</summary>
    AzureBlob = 1,

    /// <summary>A PostgreSQL table shared by every silo (insert-only rows).</summary>
    PostgreSql = 2,

    /// <summary>Redis shared by every silo (<c>SET NX</c> in one transaction per version).</summary>
    Redis = 3,
}
