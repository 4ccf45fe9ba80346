using System.Security.Cryptography;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Testing.Models;

namespace StreamML.Core.Tests.Models;

/// <summary>Signed model versions in the file store: a version whose artefact or metadata was replaced is refused on load.</summary>
[Trait("Category", "BVT")]
public sealed class ModelSigningTests : IDisposable
{
    private const string SchemaHash = "00000000000000aa";
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(48);
    private static readonly TrainedModel First = ModelTrainer.Train(ModelLifecycleTests.Separable(500, seed: 1), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
    private static readonly TrainedModel Second = ModelTrainer.Train(ModelLifecycleTests.Separable(500, seed: 2), ModelTask.BinaryClassification, new TrainingOptions { Trees = 5 });
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streamml-signed-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static ModelSigner Signer(string current = "a") => new(current, new Dictionary<string, byte[]> { ["a"] = KeyA, ["b"] = KeyB });

    private static ModelVersionInfo Info(TrainedModel trained, int version = 1) =>
        TestModels.Describe(trained, "m", SchemaHash, ModelTask.BinaryClassification, ["x0", "x1", "x2"], version, withFigures: true);

    private string Folder(int version) => Path.Combine(_root, "m", $"v{version:D6}");

    private async Task<FileModelStore> SignedStoreWithTwoVersionsAsync()
    {
        var store = new FileModelStore(_root, Signer());
        await store.SaveAsync(Info(First, 1), First.Artifact);
        await store.SaveAsync(Info(Second, 2), Second.Artifact);
        return store;
    }

    [Fact]
    public async Task ReadArtifact_SignedVersion_LoadsAndSurvivesStatusChanges()
    {
        var store = await SignedStoreWithTwoVersionsAsync();
        await store.UpdateStatusAsync("m", 1, ModelStatus.Champion);

        var artifact = await store.ReadArtifactAsync("m", 1);

        Assert.Equal(First.Artifact.ToArray(), artifact);
        Assert.True(File.Exists(Path.Combine(Folder(1), ModelSigner.FileName)));
        Assert.NotNull(ScoringModel.Load((await store.ListVersionsAsync("m"))[0], artifact, SchemaHash));
    }

    [Fact]
    public async Task ReadArtifact_ArtefactReplaced_IsRefused()
    {
        var store = await SignedStoreWithTwoVersionsAsync();
        File.Copy(Path.Combine(Folder(2), "model.zip"), Path.Combine(Folder(1), "model.zip"), overwrite: true);

        var ex = await Assert.ThrowsAsync<ModelRejectedException>(async () => await store.ReadArtifactAsync("m", 1));

        Assert.Equal("model 'm' version 1 is refused: its artefact or metadata changed after it was signed", ex.Message);
    }

    [Fact]
    public async Task ReadArtifact_MetadataEdited_IsRefused()
    {
        var store = await SignedStoreWithTwoVersionsAsync();
        var meta = Path.Combine(Folder(1), "meta.json");
        var edited = Info(First, 1) with { Metrics = new Dictionary<string, double> { ["auc"] = 0.999 } };
        await File.WriteAllBytesAsync(meta, ModelJson.Serialize(edited), TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<ModelRejectedException>(async () => await store.ReadArtifactAsync("m", 1));

        Assert.Contains("changed after it was signed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadArtifact_ArtefactAndMetadataReplacedTogether_IsRefusedThoughTheHashesAgree()
    {
        var store = await SignedStoreWithTwoVersionsAsync();
        var forged = Info(Second, 1);
        File.Copy(Path.Combine(Folder(2), "model.zip"), Path.Combine(Folder(1), "model.zip"), overwrite: true);
        await File.WriteAllBytesAsync(Path.Combine(Folder(1), "meta.json"), ModelJson.Serialize(forged), TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<ModelRejectedException>(async () => await store.ReadArtifactAsync("m", 1));

        // Without the signature the pair would pass every other check.
        Assert.NotNull(ScoringModel.Load(forged, Second.Artifact.ToArray(), SchemaHash));
        Assert.Contains("changed after it was signed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadArtifact_AnotherSignedVersionCopiedInPlace_IsRefused()
    {
        var store = await SignedStoreWithTwoVersionsAsync();
        foreach (var file in new[] { "model.zip", "meta.json", ModelSigner.FileName })
        {
            File.Copy(Path.Combine(Folder(2), file), Path.Combine(Folder(1), file), overwrite: true);
        }

        var ex = await Assert.ThrowsAsync<ModelRejectedException>(async () => await store.ReadArtifactAsync("m", 1));

        Assert.Contains("changed after it was signed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadArtifact_SignatureRemovedOrUnsignedVersion_IsRefused()
    {
        await new FileModelStore(_root).SaveAsync(Info(First, 1), First.Artifact);
        var store = new FileModelStore(_root, Signer());
        await store.SaveAsync(Info(Second, 2), Second.Artifact);
        File.Delete(Path.Combine(Folder(2), ModelSigner.FileName));

        var unsigned = await Assert.ThrowsAsync<ModelRejectedException>(async () => await store.ReadArtifactAsync("m", 1));
        var removed = await Assert.ThrowsAsync<ModelRejectedException>(async () => await store.ReadArtifactAsync("m", 2));

        Assert.Equal("model 'm' version 1 is refused: it has no signature, and signing is configured", unsigned.Message);
        Assert.Equal("model 'm' version 2 is refused: it has no signature, and signing is configured", removed.Message);
    }

    [Fact]
    public async Task ReadArtifact_RotatedKey_VerifiesOldVersionsWhileTheOldKeyIsListed()
    {
        await SignedStoreWithTwoVersionsAsync();
        var rotated = new FileModelStore(_root, Signer(current: "b"));
        await rotated.SaveAsync(Info(First, 3), First.Artifact);
        var withoutOldKey = new FileModelStore(_root, new ModelSigner("b", new Dictionary<string, byte[]> { ["b"] = KeyB }));

        Assert.Equal(First.Artifact.ToArray(), await rotated.ReadArtifactAsync("m", 1));
        Assert.Equal(First.Artifact.ToArray(), await withoutOldKey.ReadArtifactAsync("m", 3));
        var ex = await Assert.ThrowsAsync<ModelRejectedException>(async () => await withoutOldKey.ReadArtifactAsync("m", 1));
        Assert.Equal("model 'm' version 1 is refused: it was signed with key 'a', which is not configured", ex.Message);
    }

    [Fact]
    public async Task ReadArtifact_OtherKey_IsRefused()
    {
        await SignedStoreWithTwoVersionsAsync();
        var impostor = new FileModelStore(_root, new ModelSigner("a", new Dictionary<string, byte[]> { ["a"] = KeyB }));

        var ex = await Assert.ThrowsAsync<ModelRejectedException>(async () => await impostor.ReadArtifactAsync("m", 2));

        Assert.Contains("changed after it was signed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signer_ShortKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ModelSigner("a", new Dictionary<string, byte[]> { ["a"] = new byte[16] }));
    }
}
