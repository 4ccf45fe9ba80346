using System.Security.Cryptography;
using StreamML.Core.Models;
using StreamML.Core.Schema;

namespace StreamML.Storage.Tests.ModelStores;

/// <summary>
/// The behaviour every <see cref="IModelStore"/> must show, run against each store by a subclass: immutable versions,
/// one winner when silos race for a version number, a status that changes alone, signing, and refusal of a version
/// whose stored artefact was damaged. Each test uses a model name of its own, so the subclasses share one server.
/// </summary>
public abstract class ModelStoreConformanceTests
{
    private const int ConcurrentSavers = 8;
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new store over the same backing storage (a new client, as another silo would have).</summary>
    protected abstract IModelStore CreateStore(ModelSigner? signer = null);

    /// <summary>Overwrites the stored artefact of a version behind the store's back, as a faulty disk or a tamperer would.</summary>
    protected abstract Task DamageArtifactAsync(string model, int version, byte[] replacement);

    /// <summary>A model name no other test uses.</summary>
    protected static string NewModel() => "m-" + Guid.NewGuid().ToString("N")[..12];

    private static ModelSigner Signer(byte[] key) => new("a", new Dictionary<string, byte[]> { ["a"] = key });

    private static (ModelVersionInfo Info, byte[] Artifact) Version(string model, int version, int seed = 0)
    {
        var artifact = new byte[1024 + seed];
        new Random(version * 1000 + seed).NextBytes(artifact);
        var info = new ModelVersionInfo
        {
            Model = model,
            Version = version,
            SchemaHash = "schema",
            Task = ModelTask.BinaryClassification,
            Trainer = "FastTree",
            Columns = ["a", "b"],
            CreatedAt = DateTimeOffset.UnixEpoch.AddDays(version),
            Metrics = new Dictionary<string, double> { ["auc"] = 0.5 + version / 100.0 },
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(artifact)),
            Normalization = [new ColumnStatistics(1, 2, 0, 3, 10), new ColumnStatistics(3, 4, 1, 9, 10)],
            Status = ModelStatus.Candidate,
        };
        return (info, artifact);
    }

    [Fact]
    public async Task SaveAsync_TwoVersions_AnotherSiloListsThemInOrderAndReadsTheArtifacts()
    {
        var model = NewModel();
        var (v1, a1) = Version(model, 1);
        var (v2, a2) = Version(model, 2);
        var writer = CreateStore();

        await writer.SaveAsync(v2, a2, Ct);
        await writer.SaveAsync(v1, a1, Ct);
        var reader = CreateStore();
        var versions = await reader.ListVersionsAsync(model, Ct);

        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(ModelJson.Serialize(v1), ModelJson.Serialize(versions[0]));
        Assert.Equal(ModelJson.Serialize(v2), ModelJson.Serialize(versions[1]));
        Assert.Equal(a1, await reader.ReadArtifactAsync(model, 1, Ct));
        Assert.Equal(a2, await reader.ReadArtifactAsync(model, 2, Ct));
        Assert.Contains(model, await reader.ListModelsAsync(Ct));
    }

    [Fact]
    public async Task SaveAsync_ExistingVersion_ThrowsAndKeepsTheFirst()
    {
        var model = NewModel();
        var (first, original) = Version(model, 1);
        var (second, replacement) = Version(model, 1, seed: 7);
        await CreateStore().SaveAsync(first, original, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await CreateStore().SaveAsync(second, replacement, Ct));

        var store = CreateStore();
        Assert.Equal(original, await store.ReadArtifactAsync(model, 1, Ct));
        Assert.Equal(first.ArtifactSha256, Assert.Single(await store.ListVersionsAsync(model, Ct)).ArtifactSha256);
    }

    [Fact]
    public async Task SaveAsync_SilosRaceForOneVersionNumber_ExactlyOneWinsWhole()
    {
        var model = NewModel();
        var candidates = Enumerable.Range(0, ConcurrentSavers).Select(i => Version(model, 1, seed: i)).ToArray();

        var outcomes = await Task.WhenAll(candidates.Select(async c =>
        {
            await Task.Yield();
            try
            {
                await CreateStore().SaveAsync(c.Info, c.Artifact, Ct);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }));

        var winner = candidates[Assert.Single(Enumerable.Range(0, ConcurrentSavers), i => outcomes[i])];
        var store = CreateStore();
        Assert.Equal(winner.Info.ArtifactSha256, Assert.Single(await store.ListVersionsAsync(model, Ct)).ArtifactSha256);
        Assert.Equal(winner.Artifact, await store.ReadArtifactAsync(model, 1, Ct));
    }

    [Fact]
    public async Task UpdateStatusAsync_ChangesOnlyTheStatus_AndSignedVersionsStillVerify()
    {
        var model = NewModel();
        var (info, artifact) = Version(model, 1);
        await CreateStore(Signer(KeyA)).SaveAsync(info, artifact, Ct);

        await CreateStore(Signer(KeyA)).UpdateStatusAsync(model, 1, ModelStatus.Champion, Ct);

        var store = CreateStore(Signer(KeyA));
        var stored = Assert.Single(await store.ListVersionsAsync(model, Ct));
        Assert.Equal(ModelStatus.Champion, stored.Status);
        Assert.Equal(ModelJson.Serialize(info with { Status = ModelStatus.Champion }), ModelJson.Serialize(stored));
        Assert.Equal(artifact, await store.ReadArtifactAsync(model, 1, Ct));
    }

    [Fact]
    public async Task MissingVersion_ReadAndStatusThrowKeyNotFound_ListIsEmpty()
    {
        var model = NewModel();
        var store = CreateStore();

        Assert.Empty(await store.ListVersionsAsync(model, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.ReadArtifactAsync(model, 1, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.UpdateStatusAsync(model, 1, ModelStatus.Retired, Ct));
        Assert.DoesNotContain(model, await store.ListModelsAsync(Ct));
    }

    [Fact]
    public async Task ReadArtifactAsync_SignedWithAnotherKeyOrUnsigned_IsRefused()
    {
        var model = NewModel();
        var (signed, a1) = Version(model, 1);
        var (unsigned, a2) = Version(model, 2);
        await CreateStore(Signer(KeyA)).SaveAsync(signed, a1, Ct);
        await CreateStore().SaveAsync(unsigned, a2, Ct);

        var impostor = await Assert.ThrowsAsync<ModelRejectedException>(async () => await CreateStore(Signer(KeyB)).ReadArtifactAsync(model, 1, Ct));
        var missing = await Assert.ThrowsAsync<ModelRejectedException>(async () => await CreateStore(Signer(KeyA)).ReadArtifactAsync(model, 2, Ct));

        Assert.Contains("changed after it was signed", impostor.Message, StringComparison.Ordinal);
        Assert.Contains("has no signature", missing.Message, StringComparison.Ordinal);
        Assert.Equal(a1, await CreateStore(Signer(KeyA)).ReadArtifactAsync(model, 1, Ct));
    }

    [Fact]
    public async Task DamagedArtifact_IsRefusedAsCorruptBeforeItCanServe()
    {
        var model = NewModel();
        var (info, artifact) = Version(model, 1);
        await CreateStore().SaveAsync(info, artifact, Ct);
        var damaged = artifact.ToArray();
        damaged[^1] ^= 0xFF;

        await DamageArtifactAsync(model, 1, damaged);

        // A store checks the hash it recorded, or hands the bytes on to the load, which checks the registry's: either way
        // the damaged version never reaches a scorer.
        var ex = await Assert.ThrowsAsync<ModelRejectedException>(async () =>
        {
            var store = CreateStore();
            var bytes = await store.ReadArtifactAsync(model, 1, Ct);
            ScoringModel.Load(Assert.Single(await store.ListVersionsAsync(model, Ct)), bytes, info.SchemaHash);
        });
        Assert.Contains("is corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DamagedArtifact_SignedVersion_IsRefused()
    {
        var model = NewModel();
        var (info, artifact) = Version(model, 1);
        await CreateStore(Signer(KeyA)).SaveAsync(info, artifact, Ct);

        await DamageArtifactAsync(model, 1, [1, 2, 3]);

        await Assert.ThrowsAsync<ModelRejectedException>(async () => await CreateStore(Signer(KeyA)).ReadArtifactAsync(model, 1, Ct));
    }
}
