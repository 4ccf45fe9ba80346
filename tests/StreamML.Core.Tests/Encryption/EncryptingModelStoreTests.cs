using System.Security.Cryptography;
using System.Text;
using StreamML.Core.Encryption;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Tests.Models;
using StreamML.Testing.Models;

namespace StreamML.Core.Tests.Encryption;

/// <summary>Model artefacts encrypted over the file store, signed or not: stored as envelopes, bound to their version, rotated.</summary>
[Trait("Category", "BVT")]
public sealed class EncryptingModelStoreTests : IDisposable
{
    private const string SchemaHash = "00000000000000aa";
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);
    private static readonly ModelSigner Signer = new("s", new Dictionary<string, byte[]> { ["s"] = RandomNumberGenerator.GetBytes(32) });
    private static readonly TrainedModel First = ModelTrainer.Train(ModelLifecycleTests.Separable(500, seed: 1), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
    private static readonly TrainedModel Second = ModelTrainer.Train(ModelLifecycleTests.Separable(500, seed: 2), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streamml-encrypted-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static EnvelopeCipher Cipher(string active, params (string Id, byte[] Key)[] keys) =>
        new(new KeyRing(active, keys.ToDictionary(k => k.Id, k => k.Key)));

    private EncryptingModelStore Store(EnvelopeCipher cipher, bool signed = true) => new(new FileModelStore(_root, signed ? Signer : null), cipher);

    private static ModelVersionInfo Info(TrainedModel trained, int version) =>
        TestModels.Describe(trained, "m", SchemaHash, ModelTask.BinaryClassification, ["x0", "x1", "x2"], version, withFigures: true);

    private string ArtifactPath(int version) => Path.Combine(_root, "m", $"v{version:D6}", "model.zip");

    [Fact]
    public async Task Save_SignedAndEncrypted_StoresAnEnvelopeThatLoadsAsTheModel()
    {
        var store = Store(Cipher("a", ("a", KeyA)));

        await store.SaveAsync(Info(First, 1), First.Artifact);
        var stored = await File.ReadAllBytesAsync(ArtifactPath(1));
        var artifact = await store.ReadArtifactAsync("m", 1);

        Assert.True(EnvelopeCipher.IsEnvelope(stored));
        Assert.False(stored.AsSpan().StartsWith("PK"u8));
        Assert.True(File.Exists(Path.Combine(_root, "m", "v000001", ModelSigner.FileName)));
        Assert.Equal(First.Artifact.ToArray(), artifact);
        Assert.NotNull(ScoringModel.Load((await store.ListVersionsAsync("m"))[0], artifact, SchemaHash));
    }

    [Fact]
    public async Task Save_PlaintextMarker_NeverReachesTheDisk()
    {
        var store = Store(Cipher("a", ("a", KeyA)), signed: false);
        var marker = Encoding.UTF8.GetBytes("MODEL-MARKER-" + Guid.NewGuid().ToString("N"));
        var info = Info(First, 1) with { ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(marker)) };

        await store.SaveAsync(info, marker);

        Assert.DoesNotContain(Encoding.UTF8.GetString(marker), Encoding.UTF8.GetString(await File.ReadAllBytesAsync(ArtifactPath(1))), StringComparison.Ordinal);
        Assert.Equal(marker, await store.ReadArtifactAsync("m", 1));
    }

    [Fact]
    public async Task Read_TamperedEnvelope_IsRefusedBySignatureOrElseByTheTag()
    {
        var signed = Store(Cipher("a", ("a", KeyA)));
        await signed.SaveAsync(Info(First, 1), First.Artifact);
        var stored = await File.ReadAllBytesAsync(ArtifactPath(1));
        stored[^10] ^= 0x01;
        await File.WriteAllBytesAsync(ArtifactPath(1), stored);

        await Assert.ThrowsAsync<ModelRejectedException>(async () => await signed.ReadArtifactAsync("m", 1));
        var ex = await Assert.ThrowsAsync<EncryptedDataException>(async () => await Store(Cipher("a", ("a", KeyA)), signed: false).ReadArtifactAsync("m", 1));
        Assert.Contains("model 'm' version 1 failed authentication", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EnvelopeOfAnotherVersion_IsRefused()
    {
        var store = Store(Cipher("a", ("a", KeyA)), signed: false);
        await store.SaveAsync(Info(First, 1), First.Artifact);
        await store.SaveAsync(Info(Second, 2), Second.Artifact);
        File.Copy(ArtifactPath(2), ArtifactPath(1), overwrite: true);

        await Assert.ThrowsAsync<EncryptedDataException>(async () => await store.ReadArtifactAsync("m", 1));
    }

    [Fact]
    public async Task Rotation_OldVersionsReadWithBothKeys_NewOnesUseTheActive_RemovedKeyIsNamed()
    {
        await Store(Cipher("a", ("a", KeyA))).SaveAsync(Info(First, 1), First.Artifact);
        var rotated = Store(Cipher("b", ("a", KeyA), ("b", KeyB)));
        await rotated.SaveAsync(Info(Second, 2), Second.Artifact);

        Assert.Equal(First.Artifact.ToArray(), await rotated.ReadArtifactAsync("m", 1));
        Assert.Equal("b", EnvelopeCipher.KeyIdOf(await File.ReadAllBytesAsync(ArtifactPath(2))));
        var withoutA = Store(Cipher("b", ("b", KeyB)));
        Assert.Equal(Second.Artifact.ToArray(), await withoutA.ReadArtifactAsync("m", 2));
        var ex = await Assert.ThrowsAsync<EncryptedDataException>(async () => await withoutA.ReadArtifactAsync("m", 1));
        Assert.Contains("key 'a', which is not in StreamML:Encryption:Keys", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_VersionSavedBeforeEncryption_IsReadAsItIs()
    {
        await new FileModelStore(_root, Signer).SaveAsync(Info(First, 1), First.Artifact);

        var artifact = await Store(Cipher("a", ("a", KeyA))).ReadArtifactAsync("m", 1);

        Assert.Equal(First.Artifact.ToArray(), artifact);
    }
}
