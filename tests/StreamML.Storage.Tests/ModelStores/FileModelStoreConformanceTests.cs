using StreamML.Core.Models;

namespace StreamML.Storage.Tests.ModelStores;

/// <summary>The one-machine model store (a folder) against the shared stores' contract.</summary>
[Trait("Category", "BVT")]
public sealed class FileModelStoreConformanceTests : ModelStoreConformanceTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("streamml-models-").FullName;

    protected override IModelStore CreateStore(ModelSigner? signer = null) => new FileModelStore(_root, signer);

    protected override Task DamageArtifactAsync(string model, int version, byte[] replacement) =>
        File.WriteAllBytesAsync(Path.Combine(_root, model, $"v{version:D6}", "model.zip"), replacement, Ct);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
