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
using StreamML.Transports.Kafka;
using StreamML.Transports.RedisStreams;

namespace StreamML.Silo.Hosting;

/// <summary>Every options section of a silo, with its validators.</summary>
internal static class StreamMLSections
{
    /// <summary>
    /// The sections. The host's own comes first: the others' validators follow its choices, so only the settings of the
    /// source and grain storage in use are checked.
    /// </summary>
    public static IReadOnlyList<IStreamMLSection> All { get; } =
    [
        new StreamMLSection<StreamMLHostOptions>(
            StreamMLHostOptions.SectionName, s => s.Host, (s, v) => s.Host = v, _ => [new StreamMLHostOptionsValidator()]),
        new StreamMLSection<RedisStreamsOptions>(
            RedisStreamsOptions.SectionName, s => s.Sources.RedisStreams, (s, v) => s.Sources.RedisStreams = v,
            h => h.Source == SourceKind.RedisStreams ? [new RedisStreamsOptionsValidator()] : []),
        new StreamMLSection<KafkaSourceOptions>(
            KafkaSourceOptions.SectionName, s => s.Sources.Kafka, (s, v) => s.Sources.Kafka = v,
            h => h.Source == SourceKind.Kafka ? [new KafkaSourceOptionsValidator()] : []),
        new StreamMLSection<EventHubsKafkaOptions>(
            EventHubsKafkaOptions.SectionName, s => s.Sources.EventHubs, (s, v) => s.Sources.EventHubs = v,
            h => h.Source == SourceKind.EventHubs ? [new EventHubsKafkaOptionsValidator()] : []),
        new StreamMLSection<CheckpointSettings>(
            CheckpointSettings.SectionName, s => s.Checkpoints, (s, v) => s.Checkpoints = v, _ => [new CheckpointSettingsValidator()]),
        new StreamMLSection<ModelStoreSettings>(
            ModelStoreSettings.SectionName, s => s.ModelStore, (s, v) => s.ModelStore = v, _ => [new ModelStoreSettingsValidator()]),
        new StreamMLSection<StreamMLStorageOptions>(
            StreamMLStorageOptions.SectionName, s => s.Storage, (s, v) => s.Storage = v,
            h => [new FailuresValidator<StreamMLStorageOptions>(storage => GrainStorageFailures(h.GrainStorage, storage))]),
        new StreamMLSection<StreamMLClusteringOptions>(
            StreamMLClusteringOptions.SectionName, s => s.Clustering, (s, v) => s.Clustering = v, _ => [new StreamMLClusteringOptionsValidator()]),
        new StreamMLSection<MembershipSettings>(
            MembershipSettings.SectionName, s => s.Membership, (s, v) => s.Membership = v, _ => [new MembershipSettingsValidator()]),
        new StreamMLSection<FeatureSchema>(
            FeatureSchema.SectionName, s => s.Schema, (s, v) => s.Schema = v,
            h => [new FailuresValidator<FeatureSchema>(schema => schema.Validate()),
                  .. h.Source == SourceKind.Generator ? [new FailuresValidator<FeatureSchema>(GeneratorFeatureFailures)] : Array.Empty<FailuresValidator<FeatureSchema>>()],
            GeneratorSchema.ApplyWhenNoFeatures),
        new StreamMLSection<EntityOptions>(
            EntityOptions.SectionName, s => s.Entity, (s, v) => s.Entity = v, _ => [new FailuresValidator<EntityOptions>(entity => entity.Validate())]),
        new StreamMLSection<ModelOptions>(ModelOptions.SectionName, s => s.Model, (s, v) => s.Model = v, _ => [new ModelOptionsValidator()]),
        new StreamMLSection<PumpOptions>(PumpOptions.SectionName, s => s.Pump, (s, v) => s.Pump = v, _ => [new PumpOptionsValidator()]),
        new StreamMLSection<DeadLetterOptions>(DeadLetterOptions.SectionName, s => s.DeadLetter, (s, v) => s.DeadLetter = v, _ => [new DeadLetterOptionsValidator()]),
        new StreamMLSection<DriftOptions>(DriftOptions.SectionName, s => s.Drift, (s, v) => s.Drift = v, _ => [new DriftOptionsValidator()]),
        new StreamMLSection<AnomalyOptions>(AnomalyOptions.SectionName, s => s.Anomaly, (s, v) => s.Anomaly = v, _ => [new AnomalyOptionsValidator()]),
        new StreamMLSection<AlertOptions>(AlertOptions.SectionName, s => s.Alerts, (s, v) => s.Alerts = v, _ => [new AlertOptionsValidator()]),
        new StreamMLSection<ApiHttpsOptions>(ApiHttpsOptions.SectionName, s => s.Https, (s, v) => s.Https = v, _ => [new ApiHttpsOptionsValidator()]),
        new StreamMLSection<SiloTlsOptions>(SiloTlsOptions.SectionName, s => s.Tls, (s, v) => s.Tls = v, _ => [new SiloTlsOptionsValidator()]),
        new StreamMLSection<ModelSigningOptions>(
            ModelSigningOptions.SectionName, s => s.ModelSigning, (s, v) => s.ModelSigning = v, _ => [new ModelSigningOptionsValidator()]),
        new StreamMLSection<GeneratorOptions>(
            GeneratorOptions.SectionName, s => s.Generator, (s, v) => s.Generator = v,
            h => h.Source == SourceKind.Generator ? [new FailuresValidator<GeneratorOptions>(generator => generator.Validate())] : []),
        new StreamMLSection<EncryptionOptions>(
            EncryptionOptions.SectionName, s => s.Encryption, (s, v) => s.Encryption = v, _ => [new FailuresValidator<EncryptionOptions>(encryption => encryption.Validate())]),
        new StreamMLSection<PrivacyOptions>(
            PrivacyOptions.SectionName, s => s.Privacy, (s, v) => s.Privacy = v, _ => [new FailuresValidator<PrivacyOptions>(privacy => privacy.Validate())]),
        new StreamMLSection<StreamMLAuthOptions>(
            StreamMLAuthOptions.SectionName, s => s.Auth, (s, v) => s.Auth = v, _ => [new StreamMLAuthOptionsValidator()]),
        new StreamMLSection<ApiLimitsOptions>(ApiLimitsOptions.SectionName, s => s.Api, (s, v) => s.Api = v, _ => [new ApiLimitsOptionsValidator()]),
    ];

    /// <summary>What the silo's grain storage needs from <c>StreamML:Storage</c>: the connection of a shared backend; file and memory storage are the silo's own.</summary>
    private static IReadOnlyList<string> GrainStorageFailures(GrainStorageProvider grainStorage, StreamMLStorageOptions storage) =>
        grainStorage is GrainStorageProvider.File or GrainStorageProvider.Memory ? [] : StreamMLStorageOptionsValidator.BackendFailures(grainStorage, storage);

    /// <summary>The generator's events carry its own features, so a schema that declares others cannot score them.</summary>
    private static IEnumerable<string> GeneratorFeatureFailures(FeatureSchema schema)
    {
        if (!schema.Features.Select(f => f.Name).SequenceEqual(GeneratorSchema.Features, StringComparer.Ordinal))
        {
            yield return $"StreamML:Source is Generator, whose events carry [{string.Join(", ", GeneratorSchema.Features)}], but the schema declares [{string.Join(", ", schema.Features.Select(f => f.Name))}].";
        }
    }
}
