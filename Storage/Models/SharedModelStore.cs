using System.Globalization;
using System.Security.Cryptography;
using StreamML.Core.Models;

namespace StreamML.Storage.Models;

/// <summary>
/// What every model store shared by several silos does the same way, over a backend that can create a version's record
/// and artefact once (never replacing them), read them back and record a status: the SHA-256 of the stored artefact
/// is checked on every read, and with a <see cref="ModelSigner"/> new versions are signed and an artefact is only handed
/// out when its version's signature matches.
/// </summary>
public abstract class SharedModelStore : IModelStore
{
    private readonly ModelSigner? _signer;

    /// <summary>Creates the store; with a <paramref name="signer"/>, versions are signed and verified.</summary>
    protected SharedModelStore(ModelSigner? signer) => _signer = signer;

    /// <inheritdoc />
    public abstract ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        CheckName(model);
        var records = await ReadRecordsAsync(model, cancellationToken);
        return [.. records.Select(r => r.Info).OrderBy(v => v.Version)];
    }

    /// <inheritdoc />
    /// <exception cref="ModelRejectedException">
    /// The stored artefact does not hash to what the store recorded, its artefact is missing, or signing is configured and
    /// the version's signature is missing or does not match.
    /// </exception>
    public async ValueTask<byte[]> ReadArtifactAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        CheckName(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        var (record, artifact) = await ReadVersionAsync(model, version, cancellationToken)
            ?? throw new KeyNotFoundException($"model '{model}' has no version {version}");
        var label = $"model '{model}' version {version}";
        if (artifact is null)
        {
            throw new ModelRejectedException($"{label} is refused: its artefact is missing from the store");
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(artifact));
        if (!string.Equals(actual, record.ArtifactSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelRejectedException($"{label} is corrupt: its stored artefact hashes to {actual}, the store recorded {record.ArtifactSha256}");
        }

        // Verified as the version its key says, so a signed record copied over another version is refused too.
        _signer?.Verify(record.Info with { Model = model, Version = version }, artifact, record.Signature);
        return artifact;
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(ModelVersionInfo info, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        CheckName(info.Model);
        ArgumentOutOfRangeException.ThrowIfLessThan(info.Version, 1, nameof(info));
        var record = new ModelVersionRecord(info, Convert.ToHexStringLower(SHA256.HashData(artifact.Span)), _signer?.Sign(info, artifact.Span));
        if (!await TryCreateAsync(record, artifact, cancellationToken))
        {
            throw new InvalidOperationException($"model '{info.Model}' version {info.Version} already exists; versions are immutable");
        }
    }

    /// <inheritdoc />
    public async ValueTask UpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken = default)
    {
        CheckName(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (!await TryUpdateStatusAsync(model, version, status, cancellationToken))
        {
            throw new KeyNotFoundException($"model '{model}' has no version {version}");
        }
    }

    /// <summary>The version's key segment, <c>v000001</c>, shared by the stores so their layouts read alike.</summary>
    protected static string VersionKey(int version) => "v" + version.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Every version record of <paramref name="model"/>, each with its current status; empty when it has none.</summary>
    protected abstract ValueTask<IReadOnlyList<ModelVersionRecord>> ReadRecordsAsync(string model, CancellationToken cancellationToken);

    /// <summary>A version's record (with its current status) and artefact (null when missing), or null when there is no such version.</summary>
    protected abstract ValueTask<(ModelVersionRecord Record, byte[]? Artifact)?> ReadVersionAsync(string model, int version, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the version whole (its record and artefact) unless it exists; a version is visible only once complete.
    /// </summary>
    /// <returns>False when the version existed already (nothing was changed).</returns>
    protected abstract ValueTask<bool> TryCreateAsync(ModelVersionRecord record, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken);

    /// <summary>Records the version's status.</summary>
    /// <returns>False when there is no such version.</returns>
    protected abstract ValueTask<bool> TryUpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken);

    private static void CheckName(string model)
    {
        if (!FileModelStore.IsValidName(model))
        {
            throw new ArgumentException($"'{model}' is not a valid model name (letters, digits, '-', '_', '.'; 1 to 64 characters)", nameof(model));
        }
    }
}
