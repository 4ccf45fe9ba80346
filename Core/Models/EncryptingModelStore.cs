using System.Globalization;
using StreamML.Core.Encryption;

namespace StreamML.Core.Models;

/// <summary>
/// Encrypts model artefacts at rest over any <see cref="IModelStore"/>: a version's artefact is stored as an envelope
/// bound to its model and version, so an artefact copied onto another version is refused. Metadata stays readable:
/// it holds figures and settings, no personal data, and listing needs it.
/// </summary>
/// <remarks>
/// The inner store signs and verifies what it stores, the envelope: a signature covers the ciphertext, and the
/// envelope's authentication tag covers the plaintext, so neither can be replaced without the keys. Artefacts stored
/// before encryption was turned on are read as they are (unless the cipher refuses plain data).
/// </remarks>
public sealed class EncryptingModelStore(IModelStore inner, EnvelopeCipher cipher) : IModelStore
{
    private readonly IModelStore _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly EnvelopeCipher _cipher = cipher ?? throw new ArgumentNullException(nameof(cipher));

    /// <summary>The store the envelopes are kept in.</summary>
    public IModelStore Inner => _inner;

    /// <summary>The context an artefact's envelope is bound to.</summary>
    public static string ContextOf(string model, int version) =>
        $"model '{model}' version {version.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        _inner.ListModelsAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        _inner.ListVersionsAsync(model, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="EncryptedDataException">The artefact's key is not in the ring, or it was altered or moved from another version.</exception>
    public async ValueTask<byte[]> ReadArtifactAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var stored = await _inner.ReadArtifactAsync(model, version, cancellationToken).ConfigureAwait(false);
        return _cipher.Decrypt(stored, ContextOf(model, version));
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(ModelVersionInfo info, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        return _inner.SaveAsync(info, _cipher.Encrypt(artifact.Span, ContextOf(info.Model, info.Version)), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask UpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken = default) =>
        _inner.UpdateStatusAsync(model, version, status, cancellationToken);
}
