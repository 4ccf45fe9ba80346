namespace StreamML.Core.Models;

/// <summary>
/// Where model versions live: immutable artefacts plus metadata. The file system in the embedded default, Azure Blob
/// in Azure.
/// </summary>
public interface IModelStore
{
    /// <summary>Names of the models that have at least one version.</summary>
    ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every version of <paramref name="model"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>The artefact bytes of a version.</summary>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    ValueTask<byte[]> ReadArtifactAsync(string model, int version, CancellationToken cancellationToken = default);

    /// <summary>Stores a new version; a version number is written once and never replaced.</summary>
    /// <exception cref="InvalidOperationException">The version already exists.</exception>
    ValueTask SaveAsync(ModelVersionInfo info, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken = default);

    /// <summary>Records a new status for a version (the only mutable part of a version).</summary>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    ValueTask UpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken = default);
}
