using StreamML.Core.Entities;
using StreamML.Core.Generator;
using StreamML.Core.Schema;
using StreamML.Grains.Options;
using StreamML.Storage;

namespace StreamML.Silo.Hosting;

/// <summary>Every StreamML setting of a silo, read from configuration once at start and validated as a whole.</summary>
public sealed class StreamMLSettings
{
    /// <summary>Folder for state, checkpoints and models (relative paths are under the working directory).</summary>
    /// <value>The default value is "data".</value>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where grain state lives: File (embedded default) or Memory (lost on restart; tests).</summary>
    /// <value>The default value is "File".</value>
    public string GrainStorage { get; set; } = "File";

    /// <summary>Which log feeds the pumps.</summary>
    /// <value>The default value is <see cref="SourceKind.Generator"/>.</value>
    public SourceKind Source { get; set; } = SourceKind.Generator;

    /// <summary>Events the HTTP API queues at most before answering 429.</summary>
    /// <value>The default value is 100,000 events.</value>
    public int HttpQueueCapacity { get; set; } = 100_000;

    /// <summary>Port of silo-to-silo traffic (localhost clustering).</summary>
    /// <value>The default value is 11111.</value>
    public int SiloPort { get; set; } = 11_111;

    /// <summary>Port of the Orleans client gateway.</summary>
    /// <value>The default value is 30000.</value>
    public int GatewayPort { get; set; } = 30_000;

    /// <summary>Whether the silo prints a progress line (at most once a second).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ConsoleProgress { get; set; } = true;

    /// <summary>The feature schema (the generator's when none is configured).</summary>
    public FeatureSchema Schema { get; set; } = GeneratorSchema.Create();

    /// <summary>Entity options.</summary>
    public EntityOptions Entity { get; set; } = new();

    /// <summary>Model options.</summary>
    public ModelOptions Model { get; set; } = new();

    /// <summary>Pump options.</summary>
    public PumpOptions Pump { get; set; } = new();

    /// <summary>Dead-letter options.</summary>
    public DeadLetterOptions DeadLetter { get; set; } = new();

    /// <summary>Generator options.</summary>
    public GeneratorOptions Generator { get; set; } = new();

    /// <summary>How drift is watched on the live stream.</summary>
    public DriftOptions Drift { get; set; } = new();
    /// <summary>Anomaly scoring options (<c>StreamML:Anomaly</c>).</summary>
    public AnomalyOptions Anomaly { get; set; } = new();

    /// <summary>Alert rules and sinks (<c>StreamML:Alerts</c>).</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>Settings of the durable sources (<c>StreamML:Sources:RedisStreams|Kafka|EventHubs</c>).</summary>
    public SourceSettings Sources { get; set; } = new();

    /// <summary>Where partition checkpoints live.</summary>
    public CheckpointSettings Checkpoints { get; set; } = new();

    /// <summary>
    /// Connection settings of the grain storage named by <see cref="GrainStorage"/> (<c>StreamML:Storage:Redis</c>,
    /// <c>AdoNet</c>, <c>AzureBlob</c>); its <c>Provider</c> is always <see cref="GrainStorage"/>.
    /// </summary>
    public StreamMLStorageOptions Storage { get; set; } = new();

    /// <summary>How silos find each other (<c>StreamML:Clustering:Provider</c> Localhost, Redis or AdoNet).</summary>
    public StreamMLClusteringOptions Clustering { get; set; } = new();

    /// <summary>The Orleans cluster id; silos of one cluster share it.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string ClusterId { get; set; } = "streamml";

    /// <summary>The Orleans service id; grain state is keyed by it, so it must stay the same across deployments.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string ServiceId { get; set; } = "streamml";

    /// <summary>The address other silos reach this one at when clustering is not Localhost.</summary>
    /// <value>The default value is <c>127.0.0.1</c>.</value>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The data directory as an absolute path.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    /// <summary>Returns every problem with the settings at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("StreamML:DataDirectory must not be empty.");
        }

        if (!StreamMLStorage.StorageProviders.Contains(GrainStorage, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"StreamML:GrainStorage '{GrainStorage}' is not one of {string.Join(", ", StreamMLStorage.StorageProviders)}.");
        }
        else
        {
            Storage.Provider = GrainStorage;
            errors.AddRange(StreamMLStorage.Validate(Storage, Clustering).Where(e => !e.Contains(":File:", StringComparison.Ordinal)));
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add("StreamML:ClusterId and StreamML:ServiceId must not be empty.");
        }

        if (!System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
        {
            errors.Add($"StreamML:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.");
        }

        errors.AddRange(ValidateSource());
        errors.AddRange(ValidateCheckpoints());

        if (!Enum.IsDefined(Source))
        {
            errors.Add($"StreamML:Source '{Source}' is not a known source.");
        }

        if (SiloPort is < 1 or > 65_535 || GatewayPort is < 1 or > 65_535 || SiloPort == GatewayPort)
        {
            errors.Add("StreamML:SiloPort and StreamML:GatewayPort must be distinct ports between 1 and 65535.");
        }

        if (HttpQueueCapacity is < 1 or > 10_000_000)
        {
            errors.Add("StreamML:HttpQueueCapacity must be between 1 and 10,000,000.");
        }

        errors.AddRange(Schema.Validate());
        errors.AddRange(Entity.Validate());
        errors.AddRange(Model.Validate());
        errors.AddRange(Pump.Validate());
        errors.AddRange(DeadLetter.Validate());
        errors.AddRange(Drift.Validate());
        errors.AddRange(Anomaly.Validate());
        errors.AddRange(Alerts.Validate().Select(e => "StreamML:" + e));
        if (Source == SourceKind.Generator)
        {
            errors.AddRange(Generator.Validate());
            if (Schema.Features.Count != GeneratorSchema.Features.Count
                || !Schema.Features.Select(f => f.Name).SequenceEqual(GeneratorSchema.Features, StringComparer.Ordinal))
            {
                errors.Add($"StreamML:Source is Generator, whose events carry [{string.Join(", ", GeneratorSchema.Features)}], but the schema declares [{string.Join(", ", Schema.Features.Select(f => f.Name))}].");
            }
        }

        return errors;
    }

    private IEnumerable<string> ValidateSource()
    {
        switch (Source)
        {
            case SourceKind.RedisStreams:
                var redis = Sources.RedisStreams;
                if (string.IsNullOrWhiteSpace(redis.ConnectionString))
                {
                    yield return "StreamML:Sources:RedisStreams:ConnectionString is required when StreamML:Source is RedisStreams.";
                }

                if (redis.Partitions is < 1 or > 4096)
                {
                    yield return "StreamML:Sources:RedisStreams:Partitions must be between 1 and 4096.";
                }

                if (string.IsNullOrWhiteSpace(redis.KeyPrefix) || string.IsNullOrWhiteSpace(redis.Name))
                {
                    yield return "StreamML:Sources:RedisStreams:KeyPrefix and Name must not be empty.";
                }

                break;
            case SourceKind.Kafka:
                foreach (var e in Sources.Kafka.Validate())
                {
                    yield return e;
                }

                break;
            case SourceKind.EventHubs:
                foreach (var e in Sources.EventHubs.Validate())
                {
                    yield return e;
                }

                break;
        }
    }

    private IEnumerable<string> ValidateCheckpoints()
    {
        var provider = CheckpointSettings.Providers.FirstOrDefault(p => string.Equals(p, Checkpoints.Provider, StringComparison.OrdinalIgnoreCase));
        if (provider is null)
        {
            yield return $"StreamML:Checkpoints:Provider '{Checkpoints.Provider}' is not one of {string.Join(", ", CheckpointSettings.Providers)}.";
        }
        else if (provider == "Redis" && string.IsNullOrWhiteSpace(Checkpoints.Redis.ConnectionString))
        {
            yield return "StreamML:Checkpoints:Redis:ConnectionString is required when StreamML:Checkpoints:Provider is Redis.";
        }
        else if (provider == "AzureBlob")
        {
            foreach (var e in Checkpoints.AzureBlob.Validate())
            {
                yield return e;
            }
        }
    }
}
