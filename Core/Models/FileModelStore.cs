using System.Globalization;
using System.Text.RegularExpressions;
using StreamML.Core.Files;

namespace StreamML.Core.Models;

/// <summary>
/// A model store in a folder: <c>{root}/{model}/v000001/model.zip</c> beside <c>meta.json</c> (and
/// <c>signature.json</c> when a <see cref="ModelSigner"/> is given). A version is written into a temporary folder, its
/// files flushed to disk, and renamed into place, so a crash never leaves half a version behind; a status change replaces
/// <c>meta.json</c> in one step (<see cref="AtomicFile"/>). Temporary folders and files that crashed writes left behind
/// are never read, and those older than <see cref="StaleAfter"/> are deleted when the store is opened.
/// </summary>
public sealed partial class FileModelStore : IModelStore
{
    private const string ArtifactFile = "model.zip";
    private const string MetadataFile = "meta.json";
    private const string StagingPrefix = ".staging-";
    private readonly string _root;
    private readonly ModelSigner? _signer;

    /// <summary>
    /// Creates a store rooted at <paramref name="root"/> (created when missing); with a <paramref name="signer"/>, new
    /// versions are signed and an artefact is only handed out when its version's signature matches.
    /// </summary>
    public FileModelStore(string root, ModelSigner? signer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        _signer = signer;
        Directory.CreateDirectory(_root);
        DeleteLeftovers(TimeProvider.System.GetUtcNow() - StaleAfter);
    }

    /// <summary>How old an unfinished write must be before opening the store takes it for the leftover of a crash.</summary>
    public static TimeSpan StaleAfter { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The folder the store lives in.</summary>
    public string Root => _root;

    /// <summary>Whether <paramref name="model"/> is a usable model name: letters, digits, '-', '_' and '.', 1 to 64 characters, not starting with '.'.</summary>
    public static bool IsValidName(string model) => NamePattern().IsMatch(model);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var names = Directory.EnumerateDirectories(_root)
            .Select(Path.GetFileName)
            .Where(n => n is not null && IsValidName(n) && Directory.EnumerateDirectories(Path.Combine(_root, n), "v*").Any())
            .Select(n => n!)
            .Order(StringComparer.Ordinal)
            .ToList();
        return ValueTask.FromResult<IReadOnlyList<string>>(names);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        var folder = ModelFolder(model);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var versions = new List<ModelVersionInfo>();
        foreach (var dir in Directory.EnumerateDirectories(folder, "v*"))
        {
            var meta = Path.Combine(dir, MetadataFile);
            if (!File.Exists(meta) || !TryParseVersion(Path.GetFileName(dir), out _))
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(meta, cancellationToken).ConfigureAwait(false);
            versions.Add(ModelJson.Deserialize(bytes, meta));
        }

        versions.Sort((a, b) => a.Version.CompareTo(b.Version));
        return versions;
    }

    /// <inheritdoc />
    /// <exception cref="ModelRejectedException">Signing is configured and the version's signature is missing or does not match.</exception>
    public async ValueTask<byte[]> ReadArtifactAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var folder = VersionFolder(model, version);
        var path = Path.Combine(folder, ArtifactFile);
        if (!File.Exists(path))
        {
            throw new KeyNotFoundException($"model '{model}' has no version {version}");
        }

        var artifact = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (_signer is not null)
        {
            var meta = Path.Combine(folder, MetadataFile);
            var info = File.Exists(meta)
                ? ModelJson.Deserialize(await File.ReadAllBytesAsync(meta, cancellationToken).ConfigureAwait(false), meta)
                : throw new ModelRejectedException($"model '{model}' version {version} is refused: its metadata is missing");
            var signaturePath = Path.Combine(folder, ModelSigner.FileName);
            var signature = File.Exists(signaturePath) ? await File.ReadAllBytesAsync(signaturePath, cancellationToken).ConfigureAwait(false) : null;

            // Verified as the version its folder says, so a signed version copied over another one is refused too.
            _signer.Verify(info with { Model = model, Version = version }, artifact, signature);
        }

        return artifact;
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(ModelVersionInfo info, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var target = VersionFolder(info.Model, info.Version);
        if (Directory.Exists(target))
        {
            throw new InvalidOperationException($"model '{info.Model}' version {info.Version} already exists; versions are immutable");
        }

        Directory.CreateDirectory(ModelFolder(info.Model));
        var staging = Path.Combine(ModelFolder(info.Model), $"{StagingPrefix}{info.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            await AtomicFile.WriteNewAsync(Path.Combine(staging, ArtifactFile), artifact, cancellationToken).ConfigureAwait(false);
            await AtomicFile.WriteNewAsync(Path.Combine(staging, MetadataFile), ModelJson.Serialize(info), cancellationToken).ConfigureAwait(false);
            if (_signer is not null)
            {
                var signature = _signer.Sign(info, artifact.Span);
                await AtomicFile.WriteNewAsync(Path.Combine(staging, ModelSigner.FileName), signature, cancellationToken).ConfigureAwait(false);
            }
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                throw new InvalidOperationException($"model '{info.Model}' version {info.Version} already exists; versions are immutable");
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask UpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken = default)
    {
        var meta = Path.Combine(VersionFolder(model, version), MetadataFile);
        if (!File.Exists(meta))
        {
            throw new KeyNotFoundException($"model '{model}' has no version {version}");
        }

        var info = ModelJson.Deserialize(await File.ReadAllBytesAsync(meta, cancellationToken).ConfigureAwait(false), meta);
        // Each write has a temporary file of its own: concurrent status changes cannot mix, the last one wins.
        await AtomicFile.WriteAllBytesAsync(meta, ModelJson.Serialize(info with { Status = status }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes staging folders and temporary files of writes that started before <paramref name="before"/> and never finished.</summary>
    private void DeleteLeftovers(DateTimeOffset before)
    {
        foreach (var model in Directory.EnumerateDirectories(_root))
        {
            foreach (var staging in Directory.EnumerateDirectories(model, StagingPrefix + "*"))
            {
                if (Directory.GetLastWriteTimeUtc(staging) < before.UtcDateTime)
                {
                    TryDeleteFolder(staging);
                }
            }

            foreach (var version in Directory.EnumerateDirectories(model, "v*"))
            {
                AtomicFile.DeleteStaleTemporaryFiles(version, before);
            }
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Another process may be finishing it; the next start tries again.
        }
    }

    private string ModelFolder(string model)
    {
        if (!IsValidName(model))
        {
            throw new ArgumentException($"'{model}' is not a valid model name (letters, digits, '-', '_', '.'; 1 to 64 characters)", nameof(model));
        }

        return Path.Combine(_root, model);
    }

    private string VersionFolder(string model, int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return Path.Combine(ModelFolder(model), "v" + version.ToString("D6", CultureInfo.InvariantCulture));
    }

    private static bool TryParseVersion(string? folder, out int version)
    {
        version = 0;
        return folder is { Length: > 1 } && folder[0] == 'v'
            && int.TryParse(folder.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
