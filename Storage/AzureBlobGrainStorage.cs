using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace StreamML.Storage;

/// <summary>
/// Orleans grain state in Azure Blob storage: one blob per grain state, <c>{stateName}/{grainId}</c> (both
/// URI-escaped), ETag-guarded.
/// </summary>
/// <remarks>
/// A write with no ETag creates the blob only if none exists (<c>If-None-Match: *</c>); a write with an ETag replaces
/// it only if unchanged (<c>If-Match</c>). A refused condition (412, 409) or a blob that vanished (404 with the
/// container present) means another activation wrote first: <see cref="InconsistentStateException"/>, and the stored
/// state is left as it is. The container is created during silo start (or on first use when the provider runs
/// outside a silo, as in tests).
/// </remarks>
public sealed partial class AzureBlobGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly AzureBlobGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<AzureBlobGrainStorage> _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private BlobContainerClient? _container;

    /// <summary>Creates the provider; <see cref="AzureBlobGrainStorageOptions.GrainStorageSerializer"/> must be set.</summary>
    public AzureBlobGrainStorage(string name, AzureBlobGrainStorageOptions options, IActivatorProvider activators, ILogger<AzureBlobGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(activators);
        ArgumentNullException.ThrowIfNull(logger);
        var failures = options.Validate(name);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(options));
        }

        if (options.GrainStorageSerializer is null)
        {
            throw new ArgumentException($"Grain storage '{name}' has no {nameof(options.GrainStorageSerializer)}.", nameof(options));
        }

        _name = name;
        _options = options;
        _activators = activators;
        _logger = logger;
    }

    /// <summary>The blob name of a grain's state.</summary>
    public static string BlobNameOf(string stateName, GrainId grainId) =>
        $"{Uri.EscapeDataString(stateName)}/{Uri.EscapeDataString(grainId.ToString())}";

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(OptionFormattingUtilities.Name<AzureBlobGrainStorage>(_name), _options.InitStage, ct => EnsureContainerAsync(ct));
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var container = await EnsureContainerAsync(CancellationToken.None);
        var blob = container.GetBlobClient(BlobNameOf(stateName, grainId));
        try
        {
            var content = (await blob.DownloadContentAsync()).Value;
            var empty = content.Details.ContentLength == 0;
            grainState.State = empty ? CreateInstance<T>() : _options.GrainStorageSerializer.Deserialize<T>(content.Content);
            grainState.ETag = content.Details.ETag.ToString();
            grainState.RecordExists = !empty;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            grainState.State = CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var container = await EnsureContainerAsync(CancellationToken.None);
        var blob = container.GetBlobClient(BlobNameOf(stateName, grainId));
        var data = _options.GrainStorageSerializer.Serialize(grainState.State);
        var etag = await UploadAsync(blob, data, grainState.ETag, stateName, grainId);
        grainState.ETag = etag.ToString();
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var container = await EnsureContainerAsync(CancellationToken.None);
        var blob = container.GetBlobClient(BlobNameOf(stateName, grainId));
        if (_options.DeleteStateOnClear)
        {
            if (grainState.ETag is null)
            {
                // Nothing was read or written by this activation; a blob that exists now was written by someone else.
                if ((await blob.ExistsAsync()).Value)
                {
                    throw Conflict(stateName, grainId, grainState.ETag, await StoredETagAsync(blob), null);
                }
            }
            else
            {
                try
                {
                    await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = new ETag(grainState.ETag) });
                }
                catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
                {
                    throw Conflict(stateName, grainId, grainState.ETag, await StoredETagAsync(blob), ex);
                }
            }

            grainState.ETag = null;
        }
        else
        {
            grainState.ETag = (await UploadAsync(blob, BinaryData.Empty, grainState.ETag, stateName, grainId)).ToString();
        }

        grainState.State = CreateInstance<T>();
        grainState.RecordExists = false;
    }

    private async Task<ETag> UploadAsync(BlobClient blob, BinaryData data, string? expectedETag, string stateName, GrainId grainId)
    {
        var options = new BlobUploadOptions
        {
            Conditions = expectedETag is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = new ETag(expectedETag) },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await blob.UploadAsync(data, options)).Value.ETag;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound && attempt == 1)
            {
                // Someone deleted the container after start-up: recreate it and try once more.
                LogContainerRecreated(_name, blob.BlobContainerName);
                await _container!.CreateIfNotExistsAsync();
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict
                                                     or (int)HttpStatusCode.NotFound)
            {
                throw Conflict(stateName, grainId, expectedETag, await StoredETagAsync(blob), ex);
            }
        }
    }

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? expected, string stored, Exception? inner)
    {
        LogConflict(_name, stateName, grainId, expected ?? "none", stored);
        var message = $"Grain storage '{_name}': state '{stateName}' of {grainId} changed under this activation (expected ETag {expected ?? "none"}, stored {stored}).";
        return inner is null
            ? new InconsistentStateException(message, stored, expected ?? "none")
            : new InconsistentStateException(message, stored, expected ?? "none", inner);
    }

    private static async Task<string> StoredETagAsync(BlobClient blob)
    {
        try
        {
            return (await blob.GetPropertiesAsync()).Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return "none";
        }
    }

    private async Task<BlobContainerClient> EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _container) is { } ready)
        {
            return ready;
        }

        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_container is null)
            {
                var container = _options.CreateServiceClient().GetBlobContainerClient(_options.ContainerName);
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                Volatile.Write(ref _container, container);
                LogInitialized(_name, _options.ContainerName);
            }

            return _container;
        }
        finally
        {
            _initLock.Release();
        }
    }

    private T CreateInstance<T>() => _activators.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Blob grain storage {Name} ready on container {Container}.")]
    private partial void LogInitialized(string name, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure Blob grain storage {Name}: container {Container} was missing and has been recreated.")]
    private partial void LogContainerRecreated(string name, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure Blob grain storage {Name}: write conflict on state {StateName} of {GrainId} (expected ETag {Expected}, stored {Stored}).")]
    private partial void LogConflict(string name, string stateName, GrainId grainId, string expected, string stored);
}
