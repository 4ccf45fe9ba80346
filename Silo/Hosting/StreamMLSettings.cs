using StreamML.Core.Entities;
using StreamML.Core.Generator;
using StreamML.Core.Schema;
using StreamML.Grains.Options;

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

        if (!string.Equals(GrainStorage, "File", StringComparison.OrdinalIgnoreCase) && !string.Equals(GrainStorage, "Memory", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"StreamML:GrainStorage '{GrainStorage}' is not one of File, Memory.");
        }

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
}
