using StreamML.Core.Encryption;
using StreamML.Core.Entities;
using StreamML.Core.Generator;
using StreamML.Core.Privacy;
using StreamML.Core.Schema;
using StreamML.Grains.Options;
using StreamML.Silo.Protection;
using StreamML.Silo.Security;
using StreamML.Silo.Transport;
using StreamML.Storage;

namespace StreamML.Silo.Hosting;

/// <summary>
/// Every section of a silo's settings in one object: what <see cref="StreamMLConfiguration.ReadValidated(IConfiguration)"/> reads from
/// configuration, and what tests and the CLI's in-process silo build in code for
/// <see cref="StreamMLSiloBuilderExtensions.AddStreamML(ISiloBuilder, StreamMLSettings)"/>.
/// </summary>
public sealed class StreamMLSettings
{
    /// <summary>The silo's own settings (<c>StreamML</c>): data directory, source, grain storage, ports, cluster ids.</summary>
    public StreamMLHostOptions Host { get; set; } = new();

    /// <summary>The feature schema (<c>StreamML:Schema</c>; the generator's when none is configured).</summary>
    public FeatureSchema Schema { get; set; } = GeneratorSchema.Create();

    /// <summary>How entities keep their state (<c>StreamML:Entity</c>).</summary>
    public EntityOptions Entity { get; set; } = new();

    /// <summary>How models are trained, kept and rolled out (<c>StreamML:Model</c>).</summary>
    public ModelOptions Model { get; set; } = new();

    /// <summary>How partition pumps move records (<c>StreamML:Pump</c>).</summary>
    public PumpOptions Pump { get; set; } = new();

    /// <summary>How the dead-letter store is bounded and persisted (<c>StreamML:DeadLetter</c>).</summary>
    public DeadLetterOptions DeadLetter { get; set; } = new();

    /// <summary>The built-in generator (<c>StreamML:Generator</c>), used when the source is the generator.</summary>
    public GeneratorOptions Generator { get; set; } = new();

    /// <summary>How drift is watched on the live stream (<c>StreamML:Drift</c>).</summary>
    public DriftOptions Drift { get; set; } = new();

    /// <summary>Anomaly scoring (<c>StreamML:Anomaly</c>).</summary>
    public AnomalyOptions Anomaly { get; set; } = new();

    /// <summary>Alert rules and sinks (<c>StreamML:Alerts</c>).</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>Settings of the durable sources (<c>StreamML:Sources:RedisStreams|Kafka|EventHubs</c>).</summary>
    public SourceSettings Sources { get; set; } = new();

    /// <summary>Where partition checkpoints live (<c>StreamML:Checkpoints</c>).</summary>
    public CheckpointSettings Checkpoints { get; set; } = new();

    /// <summary>Where model versions live (<c>StreamML:Model:Store</c>): this machine's folder, or a store every silo shares.</summary>
    public ModelStoreSettings ModelStore { get; set; } = new();

    /// <summary>The connection of the grain storage <see cref="StreamMLHostOptions.GrainStorage"/> names (<c>StreamML:Storage</c>).</summary>
    public StreamMLStorageOptions Storage { get; set; } = new();

    /// <summary>How silos find each other (<c>StreamML:Clustering</c>).</summary>
    public StreamMLClusteringOptions Clustering { get; set; } = new();

    /// <summary>How silos decide that one of them is dead (<c>StreamML:Membership</c>).</summary>
    public MembershipSettings Membership { get; set; } = new();

    /// <summary>Pseudonymisation of entity ids and personal fields (<c>StreamML:Privacy</c>).</summary>
    public PrivacyOptions Privacy { get; set; } = new();

    /// <summary>HTTPS of the HTTP API (<c>StreamML:Api:Https</c>); plain HTTP until a certificate is configured.</summary>
    public ApiHttpsOptions Https { get; set; } = new();

    /// <summary>TLS with mutual certificates between silos and from clients to the gateway (<c>StreamML:Tls</c>).</summary>
    public SiloTlsOptions Tls { get; set; } = new();

    /// <summary>Signing of model versions (<c>StreamML:ModelSigning</c>).</summary>
    public ModelSigningOptions ModelSigning { get; set; } = new();

    /// <summary>Encryption at rest of grain state and model artefacts (<c>StreamML:Encryption</c>).</summary>
    public EncryptionOptions Encryption { get; set; } = new();

    /// <summary>Who may call the HTTP API, the dashboard and <c>/metrics</c> (<c>StreamML:Auth</c>).</summary>
    public StreamMLAuthOptions Auth { get; set; } = new();

    /// <summary>Bounds of the HTTP API's requests: size, items, JSON depth, time and rate (<c>StreamML:Api</c>).</summary>
    public ApiLimitsOptions Api { get; set; } = new();

    /// <summary>Every problem with the settings, in every section, at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate() => [.. StreamMLSections.All.SelectMany(s => s.Problems(this))];
}
