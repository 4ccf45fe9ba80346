using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Alerts;
using StreamML.Core.Generator;
using StreamML.Grains.Options;
using StreamML.Silo.Hosting;
using StreamML.Storage;
using StreamML.Testing.Infrastructure;

namespace StreamML.Silo.Tests;

[Trait("Category", "BVT")]
public sealed class StreamMLConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("StreamML:" + v.Key, v.Value))).Build();

    [Fact]
    public void ReadValidated_ChoicesInAnyCase_BindToTheirEnums()
    {
        var settings = StreamMLConfiguration.ReadValidated(Configuration(
            ("GrainStorage", "memory"),
            ("Source", "NONE"),
            ("Clustering:Provider", "localhost"),
            ("Checkpoints:Provider", "file"),
            ("Model:Rollout:AutoRollout", "shadow"),
            ("Alerts:Rules:0:Name", "p99"),
            ("Alerts:Rules:0:Kind", "latency_p99"),
            ("Alerts:Rules:0:Threshold", "250"),
            ("Alerts:Rules:0:Severity", "CRITICAL")));

        Assert.Equal(
            (GrainStorageProvider.Memory, SourceKind.None, ClusteringProvider.Localhost, CheckpointProvider.File, AutoRolloutMode.Shadow, AlertSeverity.Critical),
            (settings.Host.GrainStorage, settings.Host.Source, settings.Clustering.Provider, settings.Checkpoints.Provider, settings.Model.Rollout.AutoRollout, settings.Alerts.Rules[0].Severity));
    }

    [Fact]
    public void ReadValidated_UnconvertibleValues_AreListedWithEveryOtherProblem()
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("Clustering:Provider", "Zookeeper"),
            ("Model:Rollout:AutoRollout", "7"),
            ("Pump:ReadBatchSize", "many"),
            ("Pump:MaxInFlightCalls", "0"))));

        Assert.Equal(
            [
                "StreamML:Clustering:Provider 'Zookeeper' is not one of Localhost, Redis, AdoNet.",
                "StreamML:Model:Rollout:AutoRollout '7' is not one of None, Canary, Shadow.",
                "StreamML:Pump:ReadBatchSize 'many' is not a valid Int32.",
                "Pump.MaxInFlightCalls must be between 1 and 100,000.",
            ],
            ex.Problems);
    }

    [Fact]
    public void ReadValidated_NoFeaturesConfigured_TakesTheGeneratorSchemaWithTheConfiguredLimits()
    {
        var settings = StreamMLConfiguration.ReadValidated(Configuration(
            ("Schema:Model", "meters"), ("Schema:AllowedLateness", "00:00:10"), ("Schema:MaxEventAge", ""), ("Schema:LabelFeatures", "true")));

        var schema = settings.Schema;
        Assert.Equal(GeneratorSchema.Features, schema.Features.Select(f => f.Name));
        Assert.Equal(GeneratorSchema.Create().Hash, schema.Hash);
        Assert.Equal(("meters", TimeSpan.FromSeconds(10), (TimeSpan?)null), (schema.Model, schema.AllowedLateness, schema.MaxEventAge));
    }

    [Fact]
    public void ReadValidated_GeneratorSettings_AreCheckedOnlyWhenTheGeneratorIsTheSource()
    {
        (string, string)[] generatorAndSchema = [("Generator:Entities", "0"), ("Schema:Features:0:Name", "x")];

        StreamMLConfiguration.ReadValidated(Configuration([("Source", "None"), .. generatorAndSchema]));
        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration([("Source", "Generator"), .. generatorAndSchema])));

        Assert.Equal(
            [
                "StreamML:Source is Generator, whose events carry [power, voltage, temperature, load], but the schema declares [x].",
                "Generator.Entities must be between 1 and 10,000,000.",
            ],
            ex.Problems);
    }

    [Fact]
    public void AddStreamML_SettingsBuiltInCode_AreTheOptionsTheSiloHandsOut()
    {
        var settings = new StreamMLSettings { Host = { Source = SourceKind.None, GrainStorage = GrainStorageProvider.Memory } };
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(LoopbackPort.GetFree(), LoopbackPort.GetFree()).AddStreamML(settings));

        using var host = builder.Build();

        Assert.Same(settings.Pump, host.Services.GetRequiredService<IOptions<PumpOptions>>().Value);
        Assert.Same(settings.Schema, host.Services.GetRequiredService<IOptionsMonitor<Core.Schema.FeatureSchema>>().CurrentValue);
    }

    [Fact]
    public void AddStreamML_InvalidSettingsBuiltInCode_ListsEveryProblem()
    {
        var settings = new StreamMLSettings { Host = { Source = SourceKind.None }, Pump = { ReadBatchSize = 0 }, Entity = { Groups = 0 } };
        var builder = Host.CreateApplicationBuilder();

        var ex = Assert.Throws<StreamMLConfigurationException>(() => builder.UseOrleans(silo => silo.AddStreamML(settings)));

        Assert.Equal(["Entity.Groups must be between 1 and 1,000,000.", "Pump.ReadBatchSize must be between 1 and 100,000."], ex.Problems);
    }

    [Fact]
    public async Task Start_OptionsMadeInvalidAfterWiring_AreRefusedOnStart()
    {
        var settings = new StreamMLSettings { Host = { Source = SourceKind.None, GrainStorage = GrainStorageProvider.Memory } };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(LoopbackPort.GetFree(), LoopbackPort.GetFree()).AddStreamML(settings));
        builder.Services.Configure<DeadLetterOptions>(o => o.Capacity = 0);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(["DeadLetter.Capacity must be between 1 and 10,000,000."], ex.Failures);
    }
}
