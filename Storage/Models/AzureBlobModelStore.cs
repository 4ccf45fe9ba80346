using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using StreamML.Core.Models;

namespace StreamML.Storage.Models;

/// <summary>
/// Model versions in an Azure Blob container that every silo shares: the artefact as <c>{model}/artifacts/{sha256}</c>
/// and the version's record as <c>{model}/v000001.json</c>, its current status in the record blob's metadata.
/// </summary>
/// <remarks>
/// Both blobs are created only if none exists (<c>If-None-Match: *</c>), so nothing is ever overwritten. The artefact
/// goes first and is named by its hash, so a save cut short leaves at most an artefact no version names, and the record
/// blob's creation is the one step that makes the version exist: a version is whole or absent, and of two silos saving
/// the same version number exactly one succeeds. Reading checks the artefact against the hash the record holds.
/// </remarks>
public sealed class AzureBlobModelStore : SharedModelStore
{
    /// <summary>The record blob's metadata key that holds the version's current status.</summary>
    public const string StatusMetadataKey = "status";

    private const string RecordSuffix = ".json";
    private readonly BlobContainerClient _container;
    private int _containerReady;

    /// <summary>Creates the store from validated options; with a <paramref name="signer"/>, versions are signed and verified.</summary>
    public AzureBlobModelStore(AzureBlobModelStoreOptions options, ModelSigner? signer = null)
        : base(signer)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        _container = options.CreateServiceClient().GetBlobContainerClient(options.ContainerName);
    }

    /// <summary>Creates the store over an existing container client.</summary>
    public AzureBlobModelStore(BlobContainerClient container, ModelSigner? signer = null)
        : base(signer)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <summary>The blob that holds the record of <paramref name="model"/> version <paramref name="version"/>.</summary>
    public static string RecordBlobName(string model, int version) => $"{model}/{VersionKey(version)}{RecordSuffix}";

    /// <summary>The blob that holds an artefact of <paramref name="model"/> whose SHA-256 is <paramref name="sha256"/>.</summary>
    public static string ArtifactBlobName(string model, string sha256) => $"{model}/artifacts/{sha256}";

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var blob in _container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (ParseRecordName(blob.Name) is { } model)
                {
                    models.Add(model);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        return [.. models];
    }

    /// <inheritdoc />
    protected override async ValueTask<IReadOnlyList<ModelVersionRecord>> ReadRecordsAsync(string model, CancellationToken cancellationToken)
    {
        var records = new List<ModelVersionRecord>();
        try
        {
            await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, model + "/v", cancellationToken))
            {
                if (ParseRecordName(blob.Name) is not null
                    && await ReadRecordAsync(_container.GetBlobClient(blob.Name), cancellationToken) is { } record)
                {
                    records.Add(record);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        return records;
    }

    /// <inheritdoc />
    protected override async ValueTask<(ModelVersionRecord Record, byte[]? Artifact)?> ReadVersionAsync(string model, int version, CancellationToken cancellationToken)
    {
        if (await ReadRecordAsync(_container.GetBlobClient(RecordBlobName(model, version)), cancellationToken) is not { } record)
        {
            return null;
        }

        try
        {
            var artifact = await _container.GetBlobClient(ArtifactBlobName(model, record.ArtifactSha256)).DownloadContentAsync(cancellationToken);
            return (record, artifact.Value.Content.ToArray());
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return (record, null);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> TryCreateAsync(ModelVersionRecord record, ReadOnlyMemory<byte> artifact, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        var model = record.Info.Model;
        var recordBlob = _container.GetBlobClient(RecordBlobName(model, record.Info.Version));
        if ((await recordBlob.ExistsAsync(cancellationToken)).Value)
        {
            return false;
        }

        // An artefact of the same hash already there is the same bytes (a save retried, or two versions of one model).
        await CreateOnceAsync(_container.GetBlobClient(ArtifactBlobName(model, record.ArtifactSha256)), new BinaryData(artifact), null, cancellationToken);
        var status = new Dictionary<string, string> { [StatusMetadataKey] = record.Info.Status.ToString() };
        return await CreateOnceAsync(recordBlob, new BinaryData(record.Serialize()), status, cancellationToken);
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> TryUpdateStatusAsync(string model, int version, ModelStatus status, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = new Dictionary<string, string> { [StatusMetadataKey] = status.ToString() };
            await _container.GetBlobClient(RecordBlobName(model, version)).SetMetadataAsync(metadata, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task<bool> CreateOnceAsync(BlobClient blob, BinaryData content, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            Metadata = metadata,
        };
        try
        {
            await blob.UploadAsync(content, options, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    private static async Task<ModelVersionRecord?> ReadRecordAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        BlobDownloadResult content;
        try
        {
            content = (await blob.DownloadContentAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }

        var record = ModelVersionRecord.Deserialize(content.Content.ToMemory().Span, blob.Uri.AbsolutePath);
        return content.Details.Metadata.TryGetValue(StatusMetadataKey, out var status) && Enum.TryParse<ModelStatus>(status, out var current)
            ? record with { Info = record.Info with { Status = current } }
            : record;
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1)
        {
            return;
        }

        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        Volatile.Write(ref _containerReady, 1);
    }

    /// <summary>The model a blob name is the record of, or null for any other blob.</summary>
    private static string? ParseRecordName(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !name.EndsWith(RecordSuffix, StringComparison.Ordinal) || name.Length <= slash + 2 + RecordSuffix.Length || name[slash + 1] != 'v')
        {
            return null;
        }

        var digits = name.AsSpan(slash + 2, name.Length - slash - 2 - RecordSuffix.Length);
        return digits.IndexOfAnyExceptInRange('0', '9') < 0 ? name[..slash] : null;
    }
}
