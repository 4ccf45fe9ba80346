using StreamML.Core.Generator;
using StreamML.Core.Schema;

namespace StreamML.Silo.Hosting;

/// <summary>Reads <see cref="StreamMLSettings"/> from configuration and refuses to start with a list of every problem.</summary>
public static class StreamMLConfiguration
{
    /// <summary>The root configuration section.</summary>
    public const string SectionName = "StreamML";

    /// <summary>Reads the settings; does not validate them.</summary>
    /// <exception cref="StreamMLConfigurationException">A value cannot be converted to its setting's type.</exception>
    public static StreamMLSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration.GetSection(SectionName);
        var settings = new StreamMLSettings();
        try
        {
            root.Bind(settings, o => o.ErrorOnUnknownConfiguration = false);

            // Lists bind by appending, so a configured schema is read into a fresh instance rather than over the default.
            var schemaSection = root.GetSection("Schema");
            var schema = new FeatureSchema();
            schemaSection.Bind(schema);
            settings.Schema = schema.Features.Count > 0 ? schema : ApplyScalars(schemaSection, GeneratorSchema.Create(schema.Model));
            var generator = new GeneratorOptions();
            root.GetSection("Generator").Bind(generator);
            settings.Generator = generator;
        }
        catch (InvalidOperationException ex)
        {
            throw new StreamMLConfigurationException([ex.Message], ex);
        }

        return settings;
    }

    /// <summary>Reads and validates the settings.</summary>
    /// <exception cref="StreamMLConfigurationException">Anything is wrong; the exception lists every problem.</exception>
    public static StreamMLSettings ReadValidated(IConfiguration configuration)
    {
        var settings = Read(configuration);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new StreamMLConfigurationException(problems);
        }

        return settings;
    }

    private static FeatureSchema ApplyScalars(IConfigurationSection section, FeatureSchema schema)
    {
        // Limits (lateness, payload size …) may be tuned without redeclaring the generator's features.
        var limits = new FeatureSchema();
        section.Bind(limits);
        schema.MaxOutOfOrderness = limits.MaxOutOfOrderness;
        schema.AllowedLateness = limits.AllowedLateness;
        schema.MaxFutureSkew = limits.MaxFutureSkew;
        schema.MaxEventAge = section["MaxEventAge"] is { Length: 0 } ? null : limits.MaxEventAge;
        schema.MaxPayloadBytes = limits.MaxPayloadBytes;
        schema.WindowCapacity = limits.WindowCapacity;
        schema.MaxIdLength = limits.MaxIdLength;
        return schema;
    }
}
