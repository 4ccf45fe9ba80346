using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Silo.Hosting;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary><c>StreamML:ModelSigning</c>: its validation, and a silo's model store signing and verifying with the configured key.</summary>
public sealed class ModelSigningConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("StreamML:" + v.Key, v.Value))).Build();

    [Fact]
    [Trait("Category", "BVT")]
    public void ReadValidated_ShortOrMalformedKeys_AreListedWithoutTheKey()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(
            ("Source", "None"),
            ("ModelSigning:Key", shortKey),
            ("ModelSigning:PreviousKeys:0:Id", "1"),
            ("ModelSigning:PreviousKeys:0:Key", "not base64!"))));

        Assert.Equal(
            [
                "StreamML:ModelSigning:Key must be base64 of at least 32 bytes.",
                "StreamML:ModelSigning:PreviousKeys:0:Id must be set and differ from StreamML:ModelSigning:KeyId.",
                "StreamML:ModelSigning:PreviousKeys:0:Key must be base64 of at least 32 bytes.",
            ],
            ex.Problems);
        Assert.DoesNotContain(shortKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Functional")]
    public async Task Silo_SigningKeyConfigured_SignsNewVersionsAndRefusesAlteredOnes()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = SourceKind.None;
            s.ModelSigning.Key = key;
            s.ModelSigning.KeyId = "2026-12";
        });
        var store = platform.AllSilos<IModelStore>().Single();
        byte[] artifact = [1, 2, 3, 4];
        var info = new ModelVersionInfo
        {
            Model = "signed",
            Version = 1,
            SchemaHash = "00000000000000aa",
            Task = ModelTask.BinaryClassification,
            Trainer = "FastTree",
            Columns = ["x"],
            CreatedAt = TimeProvider.System.GetUtcNow(),
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(artifact)),
            Normalization = [],
        };
        await store.SaveAsync(info, artifact, TestContext.Current.CancellationToken);
        var folder = Path.Combine(platform.DataDirectory, "models", "signed", "v000001");

        Assert.Equal(artifact, await store.ReadArtifactAsync("signed", 1, TestContext.Current.CancellationToken));
        Assert.Contains("\"keyId\": \"2026-12\"", await File.ReadAllTextAsync(Path.Combine(folder, ModelSigner.FileName), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await File.WriteAllBytesAsync(Path.Combine(folder, "model.zip"), [9, 9, 9], TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<ModelRejectedException>(async () => await store.ReadArtifactAsync("signed", 1, TestContext.Current.CancellationToken));
    }
}
