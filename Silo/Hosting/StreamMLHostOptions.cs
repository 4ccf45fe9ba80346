using StreamML.Storage;

namespace StreamML.Silo.Hosting;

/// <summary>
/// The silo's own settings, directly under <c>StreamML</c>: where its data lives, which source feeds it, which grain
/// storage keeps its state, and how it joins its cluster. The wiring reads them before the container is built.
/// </summary>
public sealed class StreamMLHostOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML";

    /// <summary>Folder for state, checkpoints and models (relative paths are under the working directory).</summary>
    /// <value>The default value is <c>data</c>.</value>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where grain state lives; the connection of a shared backend is under <c>StreamML:Storage</c>.</summary>
    /// <value>The default value is <see cref="GrainStorageProvider.File"/>.</value>
    public GrainStorageProvider GrainStorage { get; set; } = GrainStorageProvider.File;

    /// <summary>Which log feeds the pumps; its settings are under <c>StreamML:Sources</c>.</summary>
    /// <value>The default value is <see cref="SourceKind.Generator"/>.</value>
    public SourceKind Source { get; set; } = SourceKind.Generator;

    /// <summary>Events the HTTP API queues at most before answering 429.</summary>
    /// <value>The default value is 100,000 events.</value>
    public int HttpQueueCapacity { get; set; } = 100_000;

    /// <summary>Port of silo-to-silo traffic.</summary>
    /// <value>The default value is 11111.</value>
    public int SiloPort { get; set; } = 11_111;

    /// <summary>Port of the Orleans client gateway.</summary>
    /// <value>The default value is 30000.</value>
    public int GatewayPort { get; set; } = 30_000;

    /// <summary>Whether the silo prints a progress line (at most once a second).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ConsoleProgress { get; set; } = true;

    /// <summary>The Orleans cluster id; silos of one cluster share it.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string ClusterId { get; set; } = "streamml";

    /// <summary>The Orleans service id; grain state is keyed by it, so it must stay the same across deployments.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string ServiceId { get; set; } = "streamml";

    /// <summary>
    /// The address other silos reach this one at when clustering is not Localhost: an IP address, or
    /// <see cref="AutoAddress"/> for the first IPv4 address of the machine's own host name (hosts that learn their
    /// address only when they start, such as Container Apps replicas).
    /// </summary>
    /// <value>The default value is <c>127.0.0.1</c>.</value>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The <see cref="AdvertisedAddress"/> that asks for the host's own address, looked up at start.</summary>
    public const string AutoAddress = "Auto";

    /// <summary>Whether <see cref="AdvertisedAddress"/> is <see cref="AutoAddress"/> (in any case).</summary>
    public bool AdvertisesHostAddress => string.Equals(AdvertisedAddress, AutoAddress, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How long a stopping silo (SIGTERM, a rolling upgrade) has to drain its pumps, write the state they touched and
    /// their final checkpoints, deliver its queued dead letters and examples, and hand its grains over.
    /// </summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The data directory as an absolute path.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);
}
