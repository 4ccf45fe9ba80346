using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence.FileStorage;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using StreamML.Core.Files;

namespace StreamML.Storage;

/// <summary>
/// Grain state in files, one per grain state, each write replacing its file in one step (<see cref="AtomicFile"/>): a
/// crash mid-write leaves the previous state and a temporary file that is never read, so every grain still activates.
/// </summary>
/// <remarks>
/// The files are those of Orleans' own file storage, so a data folder written by it is read as it is: each is named by
/// the SHA-256 of the service id, grain type, grain key and state name (each prefixed with its length), and holds an
/// 8-byte tag, a 16-byte ETag and the serialised state. A write must name the stored ETag, or it is refused with
/// <see cref="InconsistentStateException"/>. Temporary files older than <see cref="StaleAfter"/> are deleted when the
/// silo starts.
/// </remarks>
public sealed partial class CrashSafeFileGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How old a temporary file must be before the start-up clean-up takes it for a leftover of a crash.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    private const int HeaderLength = 24;
    private static readonly byte[] Tag = "ORLFS001"u8.ToArray();
    private readonly string _name;
    private readonly string _root;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly TimeProvider _time;
    private readonly ILogger<CrashSafeFileGrainStorage> _logger;

    /// <summary>Creates the provider named <paramref name="name"/> over <see cref="FileGrainStorageOptions.RootDirectory"/>.</summary>
    public CrashSafeFileGrainStorage(
        string name,
        FileGrainStorageOptions options,
        IOptions<ClusterOptions> cluster,
        IActivatorProvider activators,
        TimeProvider time,
        ILogger<CrashSafeFileGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootDirectory);
        _name = name;
        _root = Path.GetFullPath(options.RootDirectory);
        _serviceId = cluster.Value.ServiceId;
        _serializer = options.GrainStorageSerializer ?? throw new ArgumentException($"Grain storage '{name}' has no {nameof(options.GrainStorageSerializer)}.", nameof(options));
        _activators = activators;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var bytes = await ReadFileAsync(PathOf(stateName, grainId)).ConfigureAwait(false);
        if (bytes is null)
        {
            Reset(grainState);
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(bytes.AsMemory(HeaderLength)));
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathOf(stateName, grainId);
        await CheckETagAsync<T>(path, grainId, grainState.ETag, "write").ConfigureAwait(false);
        var etag = Guid.NewGuid();
        var payload = _serializer.Serialize(grainState.State).ToMemory();
        var record = new byte[HeaderLength + payload.Length];
        Tag.CopyTo(record, 0);
        etag.TryWriteBytes(record.AsSpan(Tag.Length, 16));
        payload.Span.CopyTo(record.AsSpan(HeaderLength));
        await AtomicFile.WriteAllBytesAsync(path, record).ConfigureAwait(false);
        grainState.ETag = etag.ToString("N");
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathOf(stateName, grainId);
        if (await CheckETagAsync<T>(path, grainId, grainState.ETag, "clear").ConfigureAwait(false))
        {
            File.Delete(path);
        }

        Reset(grainState);
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(OptionFormattingUtilities.Name<CrashSafeFileGrainStorage>(_name), ServiceLifecycleStage.ApplicationServices, _ =>
        {
            Directory.CreateDirectory(_root);
            var deleted = AtomicFile.DeleteStaleTemporaryFiles(_root, _time.GetUtcNow() - StaleAfter);
            if (deleted > 0)
            {
                LogLeftoversDeleted(_name, deleted);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>The file that holds a grain's state: named as Orleans' file storage names it.</summary>
    internal string PathOf(string stateName, GrainId grainId)
    {
        using var identity = new MemoryStream();
        AppendComponent(identity, Encoding.UTF8.GetBytes(_serviceId));
        AppendComponent(identity, grainId.Type.AsSpan());
        AppendComponent(identity, grainId.Key.AsSpan());
        AppendComponent(identity, Encoding.UTF8.GetBytes(stateName));
        var hash = SHA256.HashData(identity.GetBuffer().AsSpan(0, (int)identity.Length));
        return Path.Combine(_root, Convert.ToHexString(hash) + ".grain");
    }

    private static void AppendComponent(Stream identity, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        identity.Write(length);
        identity.Write(value);
    }

    /// <summary>Refuses an operation whose ETag is not the stored one; true when a record exists.</summary>
    private async Task<bool> CheckETagAsync<T>(string path, GrainId grainId, string? expected, string operation)
    {
        var stored = await ReadFileAsync(path).ConfigureAwait(false) is { } bytes ? ETagOf(bytes) : null;
        if (!string.Equals(stored, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Version conflict on {operation}: storage {_name}, service {_serviceId}, grain {grainId}, state type {typeof(T)}.",
                stored ?? "none",
                expected ?? "none");
        }

        return stored is not null;
    }

    private static async Task<byte[]?> ReadFileAsync(string path)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, Tag.Length).SequenceEqual(Tag))
        {
            throw new InvalidDataException($"Grain state file {path} is not a grain state record.");
        }

        return bytes;
    }

    private static string ETagOf(byte[] record) => new Guid(record.AsSpan(Tag.Length, 16)).ToString("N");

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Storage} deleted {Count} temporary files left by interrupted writes")]
    private partial void LogLeftoversDeleted(string storage, int count);
}
