using System.Globalization;
using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using StreamML.Core.Sources;

namespace StreamML.Storage;

/// <summary>
/// Checkpoints as zero-length blobs <c>{prefix}/{source}/checkpoint/{partition}</c> (lower-case) whose metadata
/// <c>streamoffset</c> holds the offset (and <c>streamposition</c> the source's native position, when the offset alone
/// cannot name it); the blob's ETag is the version.
/// </summary>
/// <remarks>
/// The first write creates the blob only if none exists (<c>If-None-Match: *</c>); later writes replace the
/// metadata only if the ETag is unchanged (<c>If-Match</c>). A refused condition (412, or 409 when the blob appeared
/// first) is a lost race: it is reported as <see cref="CheckpointConflictException"/> carrying the stored state, and
/// nothing is overwritten. Keeping offsets from going backwards is the caller's rule, not the store's.
/// </remarks>
public sealed class AzureBlobCheckpointStore : ICheckpointStore
{
    /// <summary>The metadata key that holds the offset.</summary>
    public const string OffsetMetadataKey = "streamoffset";

    /// <summary>The metadata key that holds the native position, when the offset alone cannot name it.</summary>
    public const string PositionMetadataKey = "streamposition";

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private int _containerReady;

    /// <summary>Creates the store from validated options.</summary>
    public AzureBlobCheckpointStore(AzureBlobCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        _container = options.CreateServiceClient().GetBlobContainerClient(options.ContainerName);
        _prefix = options.Prefix;
    }

    /// <summary>Creates the store over an existing container client.</summary>
    public AzureBlobCheckpointStore(BlobContainerClient container, string prefix = "streamml")
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        _container = container;
        _prefix = prefix;
    }

    /// <summary>The blob that holds the checkpoint of <paramref name="source"/>/<paramref name="partition"/>.</summary>
    public string BlobNameOf(string source, int partition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return string.Create(CultureInfo.InvariantCulture, $"{_prefix}/{source}/checkpoint/{partition}").ToLowerInvariant();
    }

    /// <inheritdoc />
    public async ValueTask<CheckpointState> LoadAsync(string source, int partition, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(BlobNameOf(source, partition));
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return ToState(properties.Value.Metadata, properties.Value.ETag, blob.Name);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return CheckpointState.None;
        }
    }

    /// <inheritdoc />
    public ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(source, partition, offset, position: null, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<CheckpointState> WriteAsync(string source, int partition, long offset, string? position, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(BlobNameOf(source, partition));
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [OffsetMetadataKey] = offset.ToString(CultureInfo.InvariantCulture),
        };
        if (position is not null)
        {
            // Metadata values are ASCII on the wire: a position is kept as it is when it is printable ASCII.
            if (position.Length == 0 || position.Any(static c => c is < ' ' or > '~'))
            {
                throw new ArgumentException("a checkpoint position in blob metadata is printable ASCII", nameof(position));
            }

            metadata[PositionMetadataKey] = position;
        }

        try
        {
            ETag etag;
            if (expectedVersion is null)
            {
                etag = await CreateAsync(blob, metadata, cancellationToken);
            }
            else
            {
                var response = await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = new ETag(expectedVersion) }, cancellationToken);
                etag = response.Value.ETag;
            }

            return new CheckpointState(offset, etag.ToString()) { Position = position };
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict
                                                 || (ex.Status == (int)HttpStatusCode.NotFound && expectedVersion is not null))
        {
            // 404 with an expected version: the blob this writer knew was deleted, which is a lost race as well.
            var current = await LoadAsync(source, partition, cancellationToken);
            throw new CheckpointConflictException(
                $"Checkpoint blob {blob.Name} changed under this writer (HTTP {ex.Status} {ex.ErrorCode}); it was not overwritten.", ex)
            {
                Current = current,
            };
        }
    }

    private async Task<ETag> CreateAsync(BlobClient blob, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Metadata = metadata,
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        if (Volatile.Read(ref _containerReady) == 0)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref _containerReady, 1);
        }

        var response = await blob.UploadAsync(BinaryData.Empty, options, cancellationToken);
        return response.Value.ETag;
    }

    private static CheckpointState ToState(IDictionary<string, string> metadata, ETag etag, string blobName)
    {
        if (!metadata.TryGetValue(OffsetMetadataKey, out var raw)
            || !long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
        {
            throw new InvalidDataException($"Checkpoint blob {blobName} has no valid '{OffsetMetadataKey}' metadata.");
        }

        return new CheckpointState(offset, etag.ToString())
        {
            Position = metadata.TryGetValue(PositionMetadataKey, out var position) ? position : null,
        };
    }
}
