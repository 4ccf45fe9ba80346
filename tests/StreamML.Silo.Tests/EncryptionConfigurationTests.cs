using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using StreamML.Core.Encryption;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Grains;
using StreamML.Silo.Hosting;
using StreamML.Storage.Encryption;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary><c>StreamML:Encryption</c>: its validation, and a silo whose grain state and model artefacts are encrypted on disk.</summary>
public sealed class EncryptionConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("StreamML:" + v.Key, v.Value))).Build();

    [Fact]
    [Trait("Category", "BVT")]
    public void ReadValidated_BadRing_IsListedWithoutAnyKey()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("Encryption:Enabled", "true"),
            ("Encryption:ActiveKeyId", "2027"),
            ("Encryption:Keys:0:Id", "2026"),
            ("Encryption:Keys:0:Key", shortKey),
            ("Encryption:Keys:1:Id", "vault"),
            ("Encryption:Keys:1:SecretName", "streamml-kek"))));

        Assert.Equal(
            [
                "StreamML:Encryption:Keys:0:Key must be base64 of exactly 32 random bytes.",
                "StreamML:Encryption:Keys:1:SecretName needs StreamML:Encryption:KeyVaultUri.",
                "StreamML:Encryption:ActiveKeyId '2027' is not the id of any of StreamML:Encryption:Keys.",
            ],
            ex.Problems);
        Assert.DoesNotContain(shortKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Functional")]
    public async Task Silo_EncryptionEnabled_StateAndModelsOnDiskAreEnvelopesAndReadBack()
    {
        const int events = 2_000;
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Generator = new GeneratorOptions { Entities = 50, Partitions = 2, EventsPerSecond = 0, MaxEvents = events, StartTime = TimeProvider.System.GetUtcNow().AddMinutes(-30) };
            s.ModelSigning.Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            s.Encryption.Enabled = true;
            s.Encryption.ActiveKeyId = "k1";
            s.Encryption.Keys.Add(new EncryptionKeyOptions { Id = "k1", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        });
        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(2));
        await platform.DrainAsync(TimeSpan.FromMinutes(1));
        var services = platform.SiloServices.Single();
        var store = services.GetRequiredService<IModelStore>();
        var artifact = Encoding.UTF8.GetBytes("MODEL-PLAINTEXT-MARKER");
        await store.SaveAsync(Version(artifact), artifact, TestContext.Current.CancellationToken);
        var readBack = await store.ReadArtifactAsync("sealed", 1, TestContext.Current.CancellationToken);
        var storages = new[] { GrainStorageNames.Entities, GrainStorageNames.Control }.Select(name => services.GetRequiredKeyedService<IGrainStorage>(name)).ToList();

        // Stopping flushes every entity group the pumps touched, so each kind of state is on disk.
        await platform.Cluster.StopAllSilosAsync();
        var stateFiles = Directory.EnumerateFiles(Path.Combine(platform.DataDirectory, "state"), "*", SearchOption.AllDirectories).ToList();
        var storedArtifact = await File.ReadAllBytesAsync(
            Path.Combine(platform.DataDirectory, "models", "sealed", "v000001", "model.zip"), TestContext.Current.CancellationToken);

        Assert.All(storages, storage => Assert.IsType<EncryptingGrainStorage>(storage));
        Assert.NotEmpty(stateFiles);
        Assert.All(stateFiles, f => Assert.True(EnvelopeCipher.IsEnvelope(File.ReadAllBytes(f).AsSpan(24)), f));
        Assert.Equal(events, platform.Predictions.Count);
        Assert.True(EnvelopeCipher.IsEnvelope(storedArtifact));
        Assert.DoesNotContain("MODEL-PLAINTEXT-MARKER", Encoding.UTF8.GetString(storedArtifact), StringComparison.Ordinal);
        Assert.Equal(artifact, readBack);
    }

    private static ModelVersionInfo Version(byte[] artifact) => new()
    {
        Model = "sealed",
        Version = 1,
        SchemaHash = "00000000000000aa",
        Task = ModelTask.BinaryClassification,
        Trainer = "FastTree",
        Columns = ["x"],
        CreatedAt = TimeProvider.System.GetUtcNow(),
        ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(artifact)),
        Normalization = [],
    };
}
