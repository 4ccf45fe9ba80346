using StreamML.Core.Files;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Testing.Models;

namespace StreamML.Core.Tests.Models;

/// <summary>
/// What a crash mid-write can leave in a file model store (a staging folder, a torn temporary metadata file) is never
/// read, and is deleted when the store is opened again once it is old enough to be a leftover.
/// </summary>
[Trait("Category", "BVT")]
public sealed class FileModelStoreCrashTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streamml-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Open_LeftoversOfCrashedWrites_AreIgnoredAndTheStaleOnesDeleted()
    {
        var trained = ModelTrainer.Train(ModelLifecycleTests.Separable(300), ModelTask.BinaryClassification, new TrainingOptions { Trees = 3 });
        var store = new FileModelStore(_root);
        await store.SaveAsync(Info(trained, 1), trained.Artifact, TestContext.Current.CancellationToken);
        var model = Path.Combine(_root, "m");
        var meta = Path.Combine(model, "v000001", "meta.json");
        var stale = TimeProvider.System.GetUtcNow().UtcDateTime - FileModelStore.StaleAfter - TimeSpan.FromMinutes(1);

        // A version that crashed before its rename, and a status change that crashed before its rename, both torn.
        var oldStaging = Directory.CreateDirectory(Path.Combine(model, ".staging-2-" + Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllBytesAsync(Path.Combine(oldStaging, "meta.json"), "{\"Model\":\"m\",\"Vers"u8.ToArray(), TestContext.Current.CancellationToken);
        Directory.SetLastWriteTimeUtc(oldStaging, stale);
        var freshStaging = Directory.CreateDirectory(Path.Combine(model, ".staging-3-" + Guid.NewGuid().ToString("N"))).FullName;
        var oldTemp = $"{meta}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}";
        await File.WriteAllBytesAsync(oldTemp, "{\"Sta"u8.ToArray(), TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(oldTemp, stale);
        var freshTemp = $"{meta}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}";
        await File.WriteAllBytesAsync(freshTemp, "{"u8.ToArray(), TestContext.Current.CancellationToken);

        var reopened = new FileModelStore(_root);

        var info = Assert.Single(await reopened.ListVersionsAsync("m", TestContext.Current.CancellationToken));
        Assert.Equal(1, info.Version);
        Assert.Equal(trained.Artifact, await reopened.ReadArtifactAsync("m", 1, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(oldStaging));
        Assert.False(File.Exists(oldTemp));
        Assert.True(Directory.Exists(freshStaging));
        Assert.True(File.Exists(freshTemp));
    }

    [Fact]
    public async Task UpdateStatus_ReplacesTheMetadataAndLeavesNoTemporaryFile()
    {
        var trained = ModelTrainer.Train(ModelLifecycleTests.Separable(300), ModelTask.BinaryClassification, new TrainingOptions { Trees = 3 });
        var store = new FileModelStore(_root);
        await store.SaveAsync(Info(trained, 1), trained.Artifact, TestContext.Current.CancellationToken);

        await Task.WhenAll(
            store.UpdateStatusAsync("m", 1, ModelStatus.Champion, TestContext.Current.CancellationToken).AsTask(),
            store.UpdateStatusAsync("m", 1, ModelStatus.Champion, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(ModelStatus.Champion, (await store.ListVersionsAsync("m", TestContext.Current.CancellationToken))[0].Status);
        Assert.Equal(["meta.json", "model.zip"], Directory.EnumerateFiles(Path.Combine(_root, "m", "v000001")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static ModelVersionInfo Info(TrainedModel trained, int version) =>
        TestModels.Describe(trained, "m", "00000000000000aa", ModelTask.BinaryClassification, ["x0", "x1", "x2"], version);
}
