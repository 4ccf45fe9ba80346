namespace StreamML.Storage;

/// <summary>Which grain-state backend the silo uses, and its settings (section <c>StreamML:Storage</c>).</summary>
public sealed class StreamMLStorageOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Storage";

    /// <summary>
    /// The backend <see cref="StorageSiloBuilderExtensions.AddStreamMLStorage"/> registers. A StreamML silo does not read
    /// it: its backend is <c>StreamML:GrainStorage</c>, and this section holds that backend's connection.
    /// </summary>
    /// <value>The default value is <see cref="GrainStorageProvider.File"/>.</value>
    public GrainStorageProvider Provider { get; set; } = GrainStorageProvider.File;

    /// <summary>The grain storage names registered on the backend; empty means just the default storage.</summary>
    /// <value>The default value is empty: <c>Default</c> only.</value>
    public List<string> Names { get; set; } = [];

    /// <summary>Settings of the <c>File</c> backend.</summary>
    public FileStorageSettings File { get; set; } = new();

    /// <summary>Settings of the <c>Redis</c> backend.</summary>
    public RedisSettings Redis { get; set; } = new();

    /// <summary>Settings of the <c>AdoNet</c> backend.</summary>
    public AdoNetSettings AdoNet { get; set; } = new();

    /// <summary>Settings of the <c>AzureBlob</c> backend.</summary>
    public AzureBlobGrainStorageOptions AzureBlob { get; set; } = new();
}

/// <summary>Which membership (clustering) provider the silo uses (section <c>StreamML:Clustering</c>).</summary>
public sealed class StreamMLClusteringOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Clustering";

    /// <summary>The membership provider.</summary>
    /// <value>The default value is <see cref="ClusteringProvider.Localhost"/>.</value>
    public ClusteringProvider Provider { get; set; } = ClusteringProvider.Localhost;

    /// <summary>Settings of the <c>Redis</c> provider.</summary>
    public RedisSettings Redis { get; set; } = new();

    /// <summary>Settings of the <c>AdoNet</c> provider.</summary>
    public AdoNetSettings AdoNet { get; set; } = new();
}

/// <summary>Settings of the file grain storage.</summary>
public sealed class FileStorageSettings
{
    /// <summary>The folder grain state files go to.</summary>
    /// <value>The default value is <c>.streamml/grains</c> (relative to the working directory).</value>
    public string RootDirectory { get; set; } = Path.Combine(".streamml", "grains");
}

/// <summary>A Redis server or cluster.</summary>
public sealed class RedisSettings
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</summary>
    /// <value>The default value is null; required when the backend is used.</value>
    public string? ConnectionString { get; set; }
}

/// <summary>A relational database reached through ADO.NET.</summary>
public sealed class AdoNetSettings
{
    /// <summary>The ADO.NET provider invariant.</summary>
    /// <value>The default value is <c>Npgsql</c> (PostgreSQL).</value>
    public string Invariant { get; set; } = PostgresOrleansSchema.Invariant;

    /// <summary>The connection string.</summary>
    /// <value>The default value is null; required when the backend is used.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Whether the silo applies StreamML's Orleans schema (<see cref="PostgresOrleansSchema"/>) at start; PostgreSQL only.</summary>
    /// <value>The default value is false.</value>
    public bool ApplySchema { get; set; }
}
